package org.selfreg.eval;

import java.util.ArrayList;
import java.util.List;
import org.selfreg.model.SlicePredictor;

/**
 * A deterministic model for tests: the class of a pixel is {@code round(intensity * (classes - 1))}, so an image made
 * as {@code label / (classes - 1)} is segmented perfectly at native size. Records the batch sizes it was given.
 */
class LabelEchoPredictor implements SlicePredictor {

    private final int height;
    private final int width;
    private final int classes;
    final List<Integer> batchSizes = new ArrayList<>();

    LabelEchoPredictor(int height, int width, int classes) {
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /** The image that this predictor maps back to {@code label}. */
    static float[] imageFor(byte[] label, int classes) {
        float[] image = new float[label.length];
        for (int i = 0; i < label.length; i++) {
            image[i] = (label[i] & 0xFF) / (float) (classes - 1);
        }
        return image;
    }

    @Override
    public int inputHeight() {
        return height;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public byte[] predict(float[] slices, int count) {
        batchSizes.add(count);
        byte[] out = new byte[count * height * width];
        for (int i = 0; i < out.length; i++) {
            long c = Math.round(slices[i] * (classes - 1));
            out[i] = (byte) Math.max(0, Math.min(classes - 1, c));
        }
        return out;
    }

    @Override
    public void close() {
    }
}
