package org.selfreg.model;

/** Progress callbacks of {@link SegmentationTrainer}; both default to doing nothing. */
public interface TrainingListener {

    /** A listener that ignores every event. */
    TrainingListener NONE = new TrainingListener() {
    };

    /** Called after each optimizer step; {@code epoch} and {@code iteration} are 0-based. */
    default void onIteration(int epoch, int iteration, int iterationsPerEpoch) {
    }

    /** Called after each epoch with its averaged losses. */
    default void onEpoch(EpochMetrics metrics) {
    }
}
