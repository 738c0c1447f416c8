package org.selfreg.model.optim;

/** Learning rate used by each optimizer step. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** Learning rate of the update numbered {@code step} (0-based). */
    double rateForStep(int step);

    /** A constant rate (the ACDC recipe). */
    static LearningRateSchedule constant(double rate) {
        return step -> rate;
    }
}
