package org.selfreg.model;

/**
 * The training loss became NaN or infinite: the run cannot recover, so it stops at once with the epoch and
 * iteration where it happened. Retrying the same trial diverges again; lower the learning rate or lambda.
 */
public final class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final int iteration;

    /**
     * @param epoch     0-based epoch of the step
     * @param iteration 0-based iteration within the epoch
     * @param losses    the step's loss values, named in the message
     */
    TrainingDivergedException(int epoch, int iteration, StepLosses losses) {
        super("training diverged at epoch " + epoch + ", iteration " + iteration + ": loss " + losses.total()
                + " (segmentation " + losses.segmentation() + ", intra " + losses.kdIntra() + ", inter "
                + losses.kdInter() + "); lower the learning rate or lambda, or check the data for NaN intensities");
        this.epoch = epoch;
        this.iteration = iteration;
    }

    /** 0-based epoch of the diverged step. */
    public int epoch() {
        return epoch;
    }

    /** 0-based iteration (within the epoch) of the diverged step. */
    public int iteration() {
        return iteration;
    }
}
