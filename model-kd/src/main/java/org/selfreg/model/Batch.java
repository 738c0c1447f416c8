package org.selfreg.model;

import org.selfreg.model.augment.Slice;

import java.util.List;

/**
 * Host-side pixels of one training batch.
 *
 * @param count    slices in the batch
 * @param channels image channels
 * @param size     side of each square slice
 * @param images   {@code count * channels * size * size} intensities
 * @param labels   {@code count * size * size} class ids as int64, the type libtorch's one-hot needs
 */
record Batch(int count, int channels, int size, float[] images, long[] labels) {

    /** A batch of single-channel slices. */
    Batch(int count, int size, float[] images, long[] labels) {
        this(count, 1, size, images, labels);
    }

    /** Packs already augmented {@code size x size} slices of {@code channels} channels. */
    static Batch of(List<Slice> slices, int channels, int size) {
        int pixels = size * size;
        float[] images = new float[slices.size() * channels * pixels];
        long[] labels = new long[slices.size() * pixels];
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            System.arraycopy(s.image(), 0, images, i * channels * pixels, channels * pixels);
            byte[] label = s.label();
            for (int p = 0; p < pixels; p++) {
                labels[i * pixels + p] = Byte.toUnsignedInt(label[p]);
            }
        }
        return new Batch(slices.size(), channels, size, images, labels);
    }
}
