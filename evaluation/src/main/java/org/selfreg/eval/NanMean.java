package org.selfreg.eval;

/** {@code numpy.nanmean}: the mean of the non-NaN values, NaN when there are none. */
final class NanMean {

    private NanMean() {
    }

    static double of(double[] values) {
        double sum = 0.0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
