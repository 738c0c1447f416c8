package org.selfreg.model.optim;

/**
 * {@code torch.optim.lr_scheduler.CosineAnnealingWarmRestarts}, UCTransNet's schedule ({@code T_0=10, T_mult=1,
 * eta_min=1e-4} in McGregorWwww/UCTransNet {@code train_model.py}, its own copy of torch's class in
 * {@code utils.py}). Here a step is one {@code scheduler.step()}: the original steps once per epoch, see
 * {@link #steppedPerEpoch}.
 *
 * <p>Rate of scheduler step {@code s}: {@code eta_min + (base - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2}, with
 * the expression evaluated in torch's order. {@code T_i} is the length of the cycle holding {@code s} (the first is
 * {@code T_0}, each next {@code T_mult} times longer) and {@code T_cur} the steps since it began, counted in integers
 * as torch's argument-less {@code step()} does. Torch's closed form for {@code step(epoch)} finds the cycle with a
 * floating-point logarithm instead, which lands one cycle early at some restarts (T_0 1, T_mult 3, step 121:
 * {@code log(243, 3) = 4.999...}); the original never calls it.
 *
 * @param baseRate       {@code eta_max}, the rate at every restart
 * @param restartSteps   {@code T_0}, the length of the first cycle
 * @param cycleGrowth    {@code T_mult}, the factor by which each cycle is longer than the one before
 * @param minRate        {@code eta_min}, the floor the cosine approaches at the end of a cycle
 */
public record CosineWarmRestarts(double baseRate, int restartSteps, int cycleGrowth, double minRate)
        implements LearningRateSchedule {

    /** {@link #cycleGrowth} of UCTransNet's recipe: every cycle as long as the first. */
    public static final int EQUAL_CYCLES = 1;

    /** Rejects what torch's constructor rejects, and rates that are not finite or are negative. */
    public CosineWarmRestarts {
        if (!(Double.isFinite(baseRate) && baseRate > 0) || restartSteps < 1 || cycleGrowth < 1
                || !(Double.isFinite(minRate) && minRate >= 0)) {
            throw new IllegalArgumentException("cosine warm restarts need baseRate > 0, restartSteps >= 1, "
                    + "cycleGrowth >= 1 and a finite minRate >= 0, got " + baseRate + ", " + restartSteps + ", "
                    + cycleGrowth + ", " + minRate);
        }
    }

    @Override
    public double rateForStep(int step) {
        long cycle = restartSteps;
        long sinceRestart = step;
        while (sinceRestart >= cycle) {
            sinceRestart -= cycle;
            cycle *= cycleGrowth;
        }
        // StrictMath: the same rate on every processor (Math.cos may differ by an ulp where the JIT uses an intrinsic).
        return minRate + (baseRate - minRate) * (1 + StrictMath.cos(Math.PI * sinceRestart / cycle)) / 2;
    }
}
