package org.selfreg.workers.scheduling;

import java.util.List;

/**
 * One trial's record at one decision epoch of a sweep's scheduler: what it was judged on, what the rule decided and
 * against which values. Written once; a retried or restarted trial reads its decision back instead of deciding anew.
 *
 * @param trialKey    the trial's key
 * @param label       the trial's grid point in words
 * @param epoch       the decision epoch (epochs completed)
 * @param value       the validation Dice model selection would keep by then: the best so far
 * @param runningMean the mean validation Dice of the epochs so far (what the median rule compares others on)
 * @param stop        whether the trial ended here
 * @param reason      the comparison in words
 * @param comparedWith the trials it was compared with, as {@code label=value}
 */
public record RungResult(String trialKey, String label, int epoch, double value, double runningMean, boolean stop,
                         String reason, List<String> comparedWith) {

    public RungResult {
        comparedWith = List.copyOf(comparedWith);
    }
}
