package org.selfreg.model.optim;

/**
 * The reference poly schedule {@code base * (1 - it / max)^0.9}.
 *
 * <p>The reference sets the rate <em>after</em> {@code optimizer.step()} from the index of the step just taken, so
 * step 0 and step 1 both run at the base rate and step {@code t >= 1} runs at {@code poly(t - 1)}.
 */
public record PolyLearningRate(double baseRate, int maxIterations, double power) implements LearningRateSchedule {

    /** The reference exponent. */
    public static final double REFERENCE_POWER = 0.9;

    /** Rejects schedules that would produce NaN or negative rates. */
    public PolyLearningRate {
        if (!(baseRate > 0) || maxIterations < 1 || !(power > 0)) {
            throw new IllegalArgumentException("poly schedule needs baseRate > 0, maxIterations >= 1 and power > 0, got "
                    + baseRate + ", " + maxIterations + ", " + power);
        }
    }

    /** The reference schedule for {@code maxIterations = epochs * iterationsPerEpoch}. */
    public static PolyLearningRate reference(double baseRate, int maxIterations) {
        return new PolyLearningRate(baseRate, maxIterations, REFERENCE_POWER);
    }

    @Override
    public double rateForStep(int step) {
        int completed = Math.min(Math.max(step - 1, 0), maxIterations);
        return baseRate * Math.pow(1.0 - (double) completed / maxIterations, power);
    }
}
