package org.selfreg.model;

import java.util.List;

/**
 * The JSON sidecar of a checkpoint: enough to rebuild the network, to resume training where it stopped, and to
 * tell two results apart.
 *
 * @param formatVersion   layout version of the checkpoint files
 * @param config          the run's hyper-parameters (the network is rebuilt from them, backbone included)
 * @param epochsCompleted epochs finished when the weights were taken
 * @param runtime         engine and device of the run
 * @param optimizerStep   optimizer steps taken (drives the learning-rate schedule)
 * @param randomState     the run's {@link RunRandom#state()} after the last epoch (plain numbers)
 * @param history         metrics of every completed epoch
 * @param selection       why these weights were kept
 */
public record CheckpointInfo(int formatVersion, TrainConfig config, int epochsCompleted, RuntimeInfo runtime,
                             int optimizerStep, String randomState, List<EpochMetrics> history, Selection selection) {

    /**
     * The layout this code writes (2: backbone, optimizer, validation Dice, selection; 3: the random state as numbers,
     * where 2 held a serialised Java object; 4: a {@link CheckpointManifest} ties the files together, and a save keeps
     * the generation it replaces in {@code previous/}).
     */
    public static final int FORMAT_VERSION = 4;
    /**
     * The oldest layout whose weights still load (for evaluation): 3 has the same files less the manifest. Training
     * only resumes from a checkpoint with a manifest, so a format 3 {@code last} is started afresh.
     */
    public static final int OLDEST_READABLE_FORMAT = 3;

    /** Why a checkpoint holds the weights it holds. */
    public enum Selection {
        /** The weights after the latest completed epoch. */
        LAST_EPOCH,
        /** The weights of the epoch with the best validation Dice so far. */
        BEST_VALIDATION_DICE,
        /** The dataset has no validation split, so the best checkpoint is the last epoch's. */
        LAST_EPOCH_NO_VALIDATION,
        /** Weights converted from a PyTorch state dict (e.g. the authors' release), not trained here. */
        CONVERTED_FROM_TORCH
    }

    /** Copies the list so the record is immutable. */
    public CheckpointInfo {
        history = List.copyOf(history);
    }

    /** The same checkpoint state, kept for another reason. */
    CheckpointInfo withSelection(Selection reason) {
        return new CheckpointInfo(formatVersion, config, epochsCompleted, runtime, optimizerStep, randomState, history,
                reason);
    }
}
