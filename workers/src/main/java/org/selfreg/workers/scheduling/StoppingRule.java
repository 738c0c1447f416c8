package org.selfreg.workers.scheduling;

import java.util.List;
import java.util.Locale;

/**
 * The two stopping rules, as Ray Tune states them (ray-project/ray, {@code python/ray/tune/schedulers/}), for a
 * metric where higher is better. Both are pure functions of the values already recorded at a decision epoch.
 */
public final class StoppingRule {

    /**
     * A decision and why.
     *
     * @param stop   whether the trial ends here
     * @param reason the values compared, in words, for the log and the run's tags
     */
    public record Decision(boolean stop, String reason) {
    }

    private StoppingRule() {
    }

    /**
     * ASHA's promotion test ({@code async_hyperband.py}, {@code _Bracket.on_result}/{@code cutoff}): the cutoff is the
     * {@code (1 - 1/reduction)} quantile of the values recorded at the rung before this trial (NumPy's
     * {@code nanpercentile}, linear interpolation); a value below it stops. The first trial at a rung always goes on.
     */
    public static Decision asha(int reduction, double value, List<Double> earlier) {
        List<Double> finite = earlier.stream().filter(Double::isFinite).toList();
        if (finite.isEmpty()) {
            return new Decision(false, "the first at this rung");
        }
        double cutoff = percentile(finite, 1 - 1.0 / reduction);
        boolean stop = !(value >= cutoff);
        return new Decision(stop, String.format(Locale.ROOT, "%.4f %s the top-1/%d cutoff %.4f of %d earlier trials",
                value, stop ? "<" : ">=", reduction, cutoff, finite.size()));
    }

    /**
     * The median stopping rule ({@code median_stopping_rule.py}): with at least {@code minTrials} other trials recorded
     * at this epoch, a trial whose best value so far is below the median of their running means stops.
     */
    public static Decision median(int minTrials, double best, List<Double> othersRunningMeans) {
        List<Double> finite = othersRunningMeans.stream().filter(Double::isFinite).toList();
        if (finite.size() < minTrials) {
            return new Decision(false, finite.size() + " other trials recorded, fewer than the " + minTrials
                    + " the rule needs");
        }
        double median = percentile(finite, 0.5);
        boolean stop = !(best >= median);
        return new Decision(stop, String.format(Locale.ROOT, "best %.4f %s the median %.4f of %d other trials'"
                + " running means", best, stop ? "<" : ">=", median, finite.size()));
    }

    /** NumPy's default ({@code linear}) percentile of finite values, {@code q} in [0, 1]. */
    static double percentile(List<Double> values, double q) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        if (below >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }
}
