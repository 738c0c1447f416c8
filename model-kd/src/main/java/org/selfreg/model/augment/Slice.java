package org.selfreg.model.augment;

/**
 * One 2D training sample in C order.
 *
 * @param channels image channels
 * @param height   rows
 * @param width    columns
 * @param image    {@code channels * height * width} intensities, [C][H][W]
 * @param label    {@code height * width} class ids
 */
public record Slice(int channels, int height, int width, float[] image, byte[] label) {

    /** Rejects arrays that do not match the stated size. */
    public Slice {
        if (channels < 1 || height < 1 || width < 1 || image.length != channels * height * width
                || label.length != height * width) {
            throw new IllegalArgumentException("slice of " + channels + "x" + height + "x" + width + " needs "
                    + channels * height * width + " values and " + height * width + " labels, got image "
                    + image.length + " and label " + label.length);
        }
    }

    /** A single-channel slice. */
    public Slice(int height, int width, float[] image, byte[] label) {
        this(1, height, width, image, label);
    }

    /** Pixels of one channel. */
    public int planeSize() {
        return height * width;
    }

    /**
     * Copies pixels through a source-index map ({@code -1} = outside the input, filled with 0), the same map for every
     * channel and the label.
     */
    Slice remap(int newHeight, int newWidth, int[] sourceIndex) {
        int plane = planeSize();
        float[] newImage = new float[channels * sourceIndex.length];
        byte[] newLabel = new byte[sourceIndex.length];
        for (int i = 0; i < sourceIndex.length; i++) {
            int s = sourceIndex[i];
            if (s >= 0) {
                for (int c = 0; c < channels; c++) {
                    newImage[c * sourceIndex.length + i] = image[c * plane + s];
                }
                newLabel[i] = label[s];
            }
        }
        return new Slice(channels, newHeight, newWidth, newImage, newLabel);
    }
}
