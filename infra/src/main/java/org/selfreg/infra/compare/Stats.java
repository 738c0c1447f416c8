package org.selfreg.infra.compare;

import java.util.List;

/**
 * Mean and sample standard deviation of a metric over the seeds of one configuration (NaN values are left out).
 *
 * @param mean  the mean, NaN when no value was finite
 * @param std   the sample standard deviation (n − 1), 0 for a single value
 * @param n     how many finite values entered
 */
public record Stats(double mean, double std, int n) {

    public static Stats of(List<Double> values) {
        double[] finite = values.stream().filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue).toArray();
        if (finite.length == 0) {
            return new Stats(Double.NaN, Double.NaN, 0);
        }
        double mean = java.util.Arrays.stream(finite).average().orElseThrow();
        double squares = java.util.Arrays.stream(finite).map(v -> (v - mean) * (v - mean)).sum();
        return new Stats(mean, finite.length > 1 ? Math.sqrt(squares / (finite.length - 1)) : 0, finite.length);
    }

    /** {@code mean ± std}, or "-" when nothing was measured. */
    public String format(int decimals) {
        if (n == 0) {
            return "-";
        }
        String pattern = "%." + decimals + "f";
        return String.format(java.util.Locale.ROOT, pattern + " ± " + pattern, mean, std);
    }
}
