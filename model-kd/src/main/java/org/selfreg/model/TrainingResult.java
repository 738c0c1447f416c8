package org.selfreg.model;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of {@link SegmentationTrainer#train}.
 *
 * @param lastCheckpoint weights file of the final epoch (load it with {@link TrainedModel#load})
 * @param bestCheckpoint weights file of the epoch with the best validation Dice (the final epoch's without a
 *                       validation split): the one to evaluate
 * @param epochs         metrics of every epoch, in order
 * @param seconds        wall-clock time of this call (of the segment it trained, when it resumed a run)
 * @param runtime        engine and device the run used
 * @param ended          whether the run has no epoch left to train: its last one, or early stopping's
 *                       ({@link TrainConfig#patience()}); false after a segment ({@link SegmentationTrainer#trainUntil})
 */
public record TrainingResult(Path lastCheckpoint, Path bestCheckpoint, List<EpochMetrics> epochs, double seconds,
                             RuntimeInfo runtime, boolean ended) {

    /** Copies the list so the result is immutable. */
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }
}
