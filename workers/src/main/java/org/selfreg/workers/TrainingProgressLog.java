package org.selfreg.workers;

import java.util.function.LongSupplier;

/**
 * Writes a training task's {@link TrainingProgress} to its task log: at the first and last step of every epoch, so
 * that an epoch change shows at once, and in between at most once per interval, so that a fast loop does not flood
 * Conductor.
 */
final class TrainingProgressLog {

    private final TaskLog log;
    private final String taskId;
    private final int epochs;
    private final long intervalMillis;
    private final LongSupplier clockMillis;
    private boolean anyLine;
    private long lastLine;

    TrainingProgressLog(TaskLog log, String taskId, int epochs, long intervalMillis, LongSupplier clockMillis) {
        this.log = log;
        this.taskId = taskId;
        this.epochs = epochs;
        this.intervalMillis = intervalMillis;
        this.clockMillis = clockMillis;
    }

    /** After an optimizer step; {@code epochIndex} and {@code iterationIndex} are 0-based, as the trainer reports. */
    void afterStep(int epochIndex, int iterationIndex, int iterationsPerEpoch) {
        long now = clockMillis.getAsLong();
        boolean epochEdge = iterationIndex == 0 || iterationIndex == iterationsPerEpoch - 1;
        if (epochEdge || !anyLine || now - lastLine >= intervalMillis) {
            anyLine = true;
            lastLine = now;
            log.append(taskId, new TrainingProgress(epochIndex + 1, epochs, iterationIndex + 1, iterationsPerEpoch)
                    .line());
        }
    }
}
