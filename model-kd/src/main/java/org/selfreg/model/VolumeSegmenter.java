package org.selfreg.model;

import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.model.image.Zoom;

/**
 * Segments a whole volume slice by slice as the reference's {@code test_single_volume}: each axial slice (each of its
 * channels alone) is zoomed to the model size with a cubic spline, predicted, and its class map zoomed back with
 * nearest neighbour. A 2-D image prepared at the model's size is a one-slice volume that needs no zoom.
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
     * @throws InvalidInputException when the image holds NaN or infinite intensities, has other channels than the
     *                               model takes, or the model answers with the wrong number of values
     */
    public byte[] segment(TestVolume volume) {
        requireFinite(volume);
        int channels = volume.channels();
        if (channels != model.channels()) {
            throw new InvalidInputException(volume.caseName() + " has " + channels + " image channels but the model"
                    + " takes " + model.channels() + "; evaluate it with a model trained on this dataset");
        }
        int h = volume.height();
        int w = volume.width();
        int modelH = model.inputHeight();
        int modelW = model.inputWidth();
        boolean resize = h != modelH || w != modelW;
        int sliceSize = h * w;
        int modelSize = modelH * modelW;
        byte[] prediction = new byte[volume.label().length];
        for (int first = 0; first < volume.depth(); first += batchSize) {
            int count = Math.min(batchSize, volume.depth() - first);
            float[] batch = new float[count * channels * modelSize];
            for (int i = 0; i < count; i++) {
                float[] slice = new float[channels * sliceSize];
                System.arraycopy(volume.image(), (first + i) * channels * sliceSize, slice, 0, slice.length);
                float[] input = resize ? Zoom.zoomPlanes(slice, channels, h, w, modelH, modelW) : slice;
                System.arraycopy(input, 0, batch, i * channels * modelSize, channels * modelSize);
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
        int sliceSize = volume.sliceSize();
        for (int i = 0; i < image.length; i++) {
            if (!Float.isFinite(image[i])) {
                throw new InvalidInputException(volume.caseName() + ": image value " + image[i] + " at slice "
                        + i / sliceSize + " (voxel " + i + "); intensities must be finite, re-run data preparation"
                        + " on this case");
            }
        }
    }
}
