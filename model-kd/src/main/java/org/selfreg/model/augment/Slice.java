package org.selfreg.model.augment;

/**
 * One 2D training sample in C order.
 *
 * @param height rows
 * @param width  columns
 * @param image  {@code height * width} intensities
 * @param label  {@code height * width} class ids
 */
public record Slice(int height, int width, float[] image, byte[] label) {

    /** Rejects arrays that do not match the stated size. */
    public Slice {
        if (height < 1 || width < 1 || image.length != height * width || label.length != height * width) {
            throw new IllegalArgumentException("slice of " + height + "x" + width + " needs " + height * width
                    + " pixels, got image " + image.length + " and label " + label.length);
        }
    }

    /** Copies pixels through a source-index map ({@code -1} = outside the input, filled with 0). */
    Slice remap(int newHeight, int newWidth, int[] sourceIndex) {
        float[] newImage = new float[sourceIndex.length];
        byte[] newLabel = new byte[sourceIndex.length];
        for (int i = 0; i < sourceIndex.length; i++) {
            int s = sourceIndex[i];
            if (s >= 0) {
                newImage[i] = image[s];
                newLabel[i] = label[s];
            }
        }
        return new Slice(newHeight, newWidth, newImage, newLabel);
    }
}
