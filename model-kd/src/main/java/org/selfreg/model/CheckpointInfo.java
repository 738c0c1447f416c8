package org.selfreg.model;

import java.util.List;

/**
 * The JSON sidecar of a checkpoint: enough to rebuild the network, to resume training where it stopped, and to
 * tell two results apart.
 *
 * @param formatVersion   layout version of the checkpoint files
 * @param config          the run's hyper-parameters (the network is rebuilt from them)
 * @param epochsCompleted epochs finished when the checkpoint was written
 * @param runtime         engine and device of the run
 * @param optimizerStep   optimizer steps taken (drives the poly learning rate)
 * @param randomState     Base64 of the serialised {@link java.util.Random} after the last epoch
 * @param history         metrics of every completed epoch
 */
public record CheckpointInfo(int formatVersion, TrainConfig config, int epochsCompleted, RuntimeInfo runtime,
                             int optimizerStep, String randomState, List<EpochMetrics> history) {

    /** The only layout this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Copies the list so the record is immutable. */
    public CheckpointInfo {
        history = List.copyOf(history);
    }
}
