package org.selfreg.dataprep.images;

/**
 * An 8-bit image as planes: C order [C][H][W], RGB order for 3 channels.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height   rows
 * @param width    columns
 * @param pixels   values 0..255 (read with {@code & 0xFF})
 */
public record Raster8(int channels, int height, int width, byte[] pixels) {

    public Raster8 {
        if (pixels.length != (long) channels * height * width) {
            throw new IllegalArgumentException(channels + "x" + height + "x" + width + " needs "
                    + (long) channels * height * width + " values, got " + pixels.length);
        }
    }

    /** Resized with {@link BilinearResize} (OpenCV's {@code INTER_LINEAR}). */
    public Raster8 resized(int outHeight, int outWidth) {
        return new Raster8(channels, outHeight, outWidth,
                BilinearResize.resize(pixels, channels, height, width, outHeight, outWidth));
    }
}
