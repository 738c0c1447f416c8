package org.selfreg.model;

/**
 * A {@link SlicePredictor} that also gives the probabilities behind its class ids, so that several models (or
 * several views of one slice) can be averaged before deciding.
 */
public interface ProbabilityPredictor extends SlicePredictor {

    /**
     * Per-pixel probabilities, C order: softmax over the classes ({@code [count][classes][h][w]}), or for a
     * {@link #sigmoidHead()} the foreground's ({@code [count][1][h][w]}).
     *
     * @param slices {@code count * channels() * inputHeight() * inputWidth()} intensities, C order
     */
    float[] probabilities(float[] slices, int count);

    /** Whether the model ends in one sigmoid channel (foreground above 0.5) rather than a softmax over the classes. */
    boolean sigmoidHead();
}
