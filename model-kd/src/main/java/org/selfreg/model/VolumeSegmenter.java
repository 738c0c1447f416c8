package org.selfreg.model;

import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.model.image.Zoom;

/**
 * Segments a whole volume slice by slice as the reference's {@code test_single_volume}: each axial slice is zoomed to
 * the model size with a cubic spline, predicted, and its class map zoomed back with nearest neighbour.
 *
 * <p>Slices go to the model in batches; the model is in eval mode, so batching does not change the result. Used by
 * evaluation on the test set and by training's validation, so that model selection ranks by exactly the predictions
 * that are reported.
 */
public final class VolumeSegmenter {

    private final SlicePredictor model;
    private final int batchSize;

    /**
     * @param batchSize slices per {@link SlicePredictor#predict} call
     */
    public VolumeSegmenter(SlicePredictor model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
    }

    /**
     * Predicts the class of every voxel.
     *
     * @return class ids, C order {@code [D][H][W]} like {@code volume.label()}
     * @throws InvalidInputException when the image holds NaN or infinite intensities, or the model answers with the
     *                               wrong number of values
     */
    public byte[] segment(TestVolume volume) {
        requireFinite(volume);
        int h = volume.height();
        int w = volume.width();
        int modelH = model.inputHeight();
        int modelW = model.inputWidth();
        boolean resize = h != modelH || w != modelW;
        int sliceSize = h * w;
        int modelSize = modelH * modelW;
        byte[] prediction = new byte[volume.image().length];
        for (int first = 0; first < volume.depth(); first += batchSize) {
            int count = Math.min(batchSize, volume.depth() - first);
            float[] batch = new float[count * modelSize];
            for (int i = 0; i < count; i++) {
                float[] slice = new float[sliceSize];
                System.arraycopy(volume.image(), (first + i) * sliceSize, slice, 0, sliceSize);
                float[] input = resize ? Zoom.zoom(slice, h, w, modelH, modelW, 3) : slice;
                System.arraycopy(input, 0, batch, i * modelSize, modelSize);
            }
            byte[] classes = model.predict(batch, count);
            if (classes.length != count * modelSize) {
                throw new InvalidInputException(volume.caseName() + ": the model returned " + classes.length
                        + " class ids for " + count + " slices of " + modelH + "x" + modelW
                        + "; fix the SlicePredictor so it returns count * inputHeight * inputWidth values");
            }
            for (int i = 0; i < count; i++) {
                byte[] out = new byte[modelSize];
                System.arraycopy(classes, i * modelSize, out, 0, modelSize);
                byte[] restored = resize ? Zoom.zoomLabels(out, modelH, modelW, h, w) : out;
                System.arraycopy(restored, 0, prediction, (first + i) * sliceSize, sliceSize);
            }
        }
        return prediction;
    }

    private static void requireFinite(TestVolume volume) {
        float[] image = volume.image();
        int sliceSize = volume.height() * volume.width();
        for (int i = 0; i < image.length; i++) {
            if (!Float.isFinite(image[i])) {
                throw new InvalidInputException(volume.caseName() + ": image value " + image[i] + " at slice "
                        + i / sliceSize + " (voxel " + i + "); intensities must be finite, re-run data preparation"
                        + " on this case");
            }
        }
    }
}
