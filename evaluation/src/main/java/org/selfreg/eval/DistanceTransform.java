package org.selfreg.eval;

/**
 * Exact squared Euclidean distance transform with anisotropic spacing (Felzenszwalb and Huttenlocher's separable
 * lower-envelope algorithm), giving what {@code scipy.ndimage.distance_transform_edt(~features, sampling)} squares.
 *
 * <p>Passes run along z, then y, then x so the squared terms are summed in scipy's order
 * ({@code (dz*sz)^2 + (dy*sy)^2 + (dx*sx)^2}), which keeps results bit-identical in the usual case.
 */
final class DistanceTransform {

    private DistanceTransform() {
    }

    /**
     * Squared distance from every voxel to the nearest feature voxel; infinity when there is none.
     *
     * @param spacing voxel size along (z, y, x)
     */
    static double[] squared(boolean[] features, int d, int h, int w, double[] spacing) {
        double[] dist = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            dist[i] = features[i] ? 0.0 : Double.POSITIVE_INFINITY;
        }
        int n = Math.max(d, Math.max(h, w));
        Envelope envelope = new Envelope(n);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                envelope.transform(dist, y * w + x, plane, d, spacing[0]);
            }
        }
        for (int z = 0; z < d; z++) {
            for (int x = 0; x < w; x++) {
                envelope.transform(dist, z * plane + x, w, h, spacing[1]);
            }
        }
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                envelope.transform(dist, (z * h + y) * w, 1, w, spacing[2]);
            }
        }
        return dist;
    }

    /** Work buffers for the 1D lower envelope of parabolas, reused across lines. */
    private static final class Envelope {
        private final double[] f;
        private final int[] vertex;
        private final double[] boundary;

        Envelope(int n) {
            f = new double[n];
            vertex = new int[n];
            boundary = new double[n + 1];
        }

        /** Replaces line values g(q) by min_p ((q - p) * s)^2 + g(p), in place. */
        void transform(double[] data, int offset, int stride, int n, double s) {
            for (int q = 0; q < n; q++) {
                f[q] = data[offset + q * stride];
            }
            int k = -1;
            for (int q = 0; q < n; q++) {
                if (f[q] == Double.POSITIVE_INFINITY) {
                    continue; // no parabola: nothing reachable from here yet
                }
                double cross = Double.NEGATIVE_INFINITY;
                while (k >= 0) {
                    cross = intersection(vertex[k], q, s);
                    if (cross > boundary[k]) {
                        break;
                    }
                    k--;
                }
                k++;
                vertex[k] = q;
                boundary[k] = k == 0 ? Double.NEGATIVE_INFINITY : cross;
                boundary[k + 1] = Double.POSITIVE_INFINITY;
            }
            if (k < 0) {
                return; // the whole line is infinitely far from any feature
            }
            int j = 0;
            for (int q = 0; q < n; q++) {
                double position = q * s;
                while (boundary[j + 1] < position) {
                    j++;
                }
                double delta = (q - vertex[j]) * s;
                data[offset + q * stride] = delta * delta + f[vertex[j]];
            }
        }

        /** Position (in length units) where the parabolas rooted at p < q are equal. */
        private double intersection(int p, int q, double s) {
            double xp = p * s;
            double xq = q * s;
            return ((f[q] + xq * xq) - (f[p] + xp * xp)) / (2.0 * (xq - xp));
        }
    }
}
