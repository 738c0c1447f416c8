package org.selfreg.model.optim;

/** Learning rate used by each optimizer step. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** Learning rate of the update numbered {@code step} (0-based). */
    double rateForStep(int step);

    /**
     * This schedule advanced once per epoch rather than once per step: the rate of epoch {@code e} holds for its
     * {@code iterationsPerEpoch} steps, as a torch scheduler whose {@code step()} runs after each epoch.
     */
    default LearningRateSchedule steppedPerEpoch(int iterationsPerEpoch) {
        if (iterationsPerEpoch < 1) {
            throw new IllegalArgumentException("an epoch needs at least one iteration, got " + iterationsPerEpoch);
        }
        return step -> rateForStep(step / iterationsPerEpoch);
    }

    /** A constant rate (the ACDC recipe). */
    static LearningRateSchedule constant(double rate) {
        return step -> rate;
    }
}
