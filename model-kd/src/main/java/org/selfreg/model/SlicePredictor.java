package org.selfreg.model;

/**
 * Segments a batch of 2D slices with a trained model: the only thing evaluation needs from model-kd.
 *
 * <p>Slices are given in C order ({@code [n][channels][h][w]}) and class ids returned as {@code [n][h][w]}; the model
 * input size is fixed by the model, so callers resize slices to {@link #inputHeight()} x {@link #inputWidth()} first.
 */
public interface SlicePredictor extends AutoCloseable {

    /** Height the model expects. */
    int inputHeight();

    /** Width the model expects. */
    int inputWidth();

    /** Number of classes, background included. */
    int classes();

    /** Channels of each input slice. */
    default int channels() {
        return 1;
    }

    /**
     * Predicts the class of every pixel.
     *
     * @param slices {@code count * channels() * inputHeight() * inputWidth()} intensities, C order
     * @param count  number of slices in the batch
     * @return {@code count * inputHeight() * inputWidth()} class ids, C order
     */
    byte[] predict(float[] slices, int count);

    @Override
    void close();
}
