package org.selfreg.model.image;

/**
 * Where each output sample of one axis reads the input, and with which weights: the per-axis table that makes a
 * 2D zoom separable.
 *
 * <p>Follows {@code scipy.ndimage.zoom} with {@code grid_mode=False}: output index {@code k} reads input coordinate
 * {@code k * (in - 1) / (out - 1)} (computed in double like scipy, so {@code 512 -> 224} overshoots the last input
 * index by 6e-14). With {@code mode='constant'} any coordinate outside {@code [0, in - 1]} yields the constant 0,
 * which is why scipy's 512 -> 224 zoom has a zero last row and column; taps that fall outside the input while the
 * coordinate is inside use mirrored indices, as scipy does.
 */
final class AxisSampling {

    private final int[][] taps;
    private final double[][] weights;

    private AxisSampling(int[][] taps, double[][] weights) {
        this.taps = taps;
        this.weights = weights;
    }

    /** Precomputes the taps of every output index; order is 0 (nearest) or 3 (cubic B-spline). */
    static AxisSampling of(int in, int out, int order) {
        // scipy replaces a 0/0 or x/0 zoom factor (output length 1) by 1.
        double step = out > 1 ? (double) (in - 1) / (double) (out - 1) : 1.0;
        int[][] taps = new int[out][];
        double[][] weights = new double[out][];
        for (int k = 0; k < out; k++) {
            double cc = k * step;
            if (cc < 0.0 || cc > in - 1) {
                continue; // left null: the constant border value
            }
            if (order == 0) {
                taps[k] = new int[] {mirror((long) Math.floor(cc + 0.5), in)};
                weights[k] = new double[] {1.0};
            } else {
                long start = (long) Math.floor(cc) - 1;
                taps[k] = new int[4];
                for (int t = 0; t < 4; t++) {
                    taps[k][t] = mirror(start + t, in);
                }
                weights[k] = cubicWeights(cc - Math.floor(cc));
            }
        }
        return new AxisSampling(taps, weights);
    }

    /** Output length of the axis. */
    int size() {
        return taps.length;
    }

    /** True when output index {@code k} lies outside the input and takes the constant 0. */
    boolean isOutside(int k) {
        return taps[k] == null;
    }

    /** Input indices read by output index {@code k}. */
    int[] taps(int k) {
        return taps[k];
    }

    /** Weights matching {@link #taps(int)}. */
    double[] weights(int k) {
        return weights[k];
    }

    private static double[] cubicWeights(double t) {
        double t2 = t * t;
        double t3 = t2 * t;
        double u = 1.0 - t;
        return new double[] {
            u * u * u / 6.0,
            (4.0 - 6.0 * t2 + 3.0 * t3) / 6.0,
            (1.0 + 3.0 * t + 3.0 * t2 - 3.0 * t3) / 6.0,
            t3 / 6.0
        };
    }

    /** scipy's whole-sample mirror ({@code d c b | a b c d | c b a}) used for the spline taps at the borders. */
    private static int mirror(long idx, int len) {
        if (len <= 1) {
            return 0;
        }
        long period = 2L * len - 2;
        long m = Math.floorMod(idx, period);
        return (int) (m >= len ? period - m : m);
    }
}
