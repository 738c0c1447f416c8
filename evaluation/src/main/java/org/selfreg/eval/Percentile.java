package org.selfreg.eval;

import java.util.Arrays;

/** {@code numpy.percentile} with its default 'linear' method, including numpy's two-sided interpolation formula. */
public final class Percentile {

    private Percentile() {
    }

    /**
     * The {@code q}-th percentile (0..100) of {@code values}; the array is not modified.
     *
     * @throws IllegalArgumentException when {@code values} is empty
     */
    public static double of(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of an empty array");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, q);
    }

    /**
     * {@link #of} for values already sorted ascending, without a copy.
     *
     * @throws IllegalArgumentException when {@code sorted} is empty
     */
    static double ofSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("percentile of an empty array");
        }
        double virtualIndex = (sorted.length - 1) * (q / 100.0);
        int previous = (int) Math.floor(virtualIndex);
        int next = Math.min(previous + 1, sorted.length - 1);
        double gamma = virtualIndex - previous;
        double a = sorted[previous];
        double b = sorted[next];
        double diff = b - a;
        // numpy interpolates from the nearer end, so the result is exact at both ends of the interval.
        return gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
    }
}
