package org.selfreg.model.image;

/**
 * Cubic B-spline prefilter (interpolating coefficients) along lines, as {@code scipy.ndimage.spline_filter1d}.
 *
 * <p>scipy runs the prefilter with the mirror boundary for {@code mode='constant'} (only 'nearest' and
 * 'grid-constant' are pre-padded), and uses the exact mirror initialisation of the causal filter rather than a
 * truncated sum, so this does the same.
 */
final class SplinePrefilter {

    /** The single pole of the cubic B-spline filter. */
    private static final double POLE = Math.sqrt(3.0) - 2.0;
    private static final double GAIN = (1.0 - POLE) * (1.0 - 1.0 / POLE);

    private SplinePrefilter() {
    }

    /**
     * Filters a C-order {@code h x w} image in place, first along every row, then along every column.
     */
    static void filter2d(double[] image, int h, int w) {
        double[] line = new double[Math.max(h, w)];
        for (int y = 0; y < h; y++) {
            filterLine(image, y * w, 1, w, line);
        }
        for (int x = 0; x < w; x++) {
            filterLine(image, x, w, h, line);
        }
    }

    private static void filterLine(double[] data, int offset, int stride, int n, double[] c) {
        if (n < 2) {
            return; // scipy leaves length-1 lines untouched
        }
        for (int i = 0; i < n; i++) {
            c[i] = data[offset + i * stride] * GAIN;
        }
        c[0] = causalMirrorStart(c, n);
        for (int i = 1; i < n; i++) {
            c[i] += POLE * c[i - 1];
        }
        c[n - 1] = (POLE * c[n - 2] + c[n - 1]) * POLE / (POLE * POLE - 1.0);
        for (int i = n - 2; i >= 0; i--) {
            c[i] = POLE * (c[i + 1] - c[i]);
        }
        for (int i = 0; i < n; i++) {
            data[offset + i * stride] = c[i];
        }
    }

    /** Exact initial value of the causal recursion for a mirror-symmetric extension of the line. */
    private static double causalMirrorStart(double[] c, int n) {
        double zPowN1 = Math.pow(POLE, n - 1);
        double zi = POLE;
        double sum = c[0] + zPowN1 * c[n - 1];
        for (int i = 1; i < n - 1; i++) {
            sum += zi * (c[i] + zPowN1 * c[n - 1 - i]);
            zi *= POLE;
        }
        return sum / (1.0 - zPowN1 * zPowN1);
    }
}
