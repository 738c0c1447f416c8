package org.selfreg.eval;

import java.util.Arrays;

/**
 * Exact squared Euclidean distance transform with anisotropic spacing, giving what
 * {@code scipy.ndimage.distance_transform_edt(~features, sampling)} squares, but only at the voxels asked for.
 *
 * <p>Passes run along z, then y, then x so the squared terms are summed in scipy's order
 * ({@code (dz*sz)^2 + (dy*sy)^2 + (dx*sx)^2}), which keeps results bit-identical in the usual case. The z pass only
 * needs the nearest feature of each column, found with two sweeps over whole planes (contiguous memory, unlike a
 * strided column walk); the y and x passes are Felzenszwalb and Huttenlocher's lower envelope of parabolas. The y pass
 * runs only on planes holding a query and the x pass only on rows holding one, evaluated only at the queries.
 */
final class DistanceTransform {

    private static final int NONE = Integer.MIN_VALUE / 2;

    private DistanceTransform() {
    }

    /**
     * Squared distance from every query voxel to the nearest feature voxel, infinity when there is no feature.
     *
     * @param spacing voxel size along (z, y, x)
     * @return one value per set voxel of {@code queries}, in C order
     */
    static double[] squaredAt(boolean[] features, boolean[] queries, int d, int h, int w, double[] spacing) {
        int plane = h * w;
        double[] dist = alongZ(features, d, plane, spacing[0]);
        Envelope envelope = new Envelope(Math.max(h, w));
        double[] out = new double[count(queries)];
        int j = 0;
        for (int z = 0; z < d; z++) {
            int planeStart = z * plane;
            if (!anySet(queries, planeStart, planeStart + plane)) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                envelope.transform(dist, planeStart + x, w, h, spacing[1]);
            }
            for (int y = 0; y < h; y++) {
                int row = planeStart + y * w;
                if (anySet(queries, row, row + w)) {
                    j = envelope.evaluateAt(dist, row, w, spacing[2], queries, out, j);
                }
            }
        }
        return out;
    }

    /** Squared distance along z to the nearest feature of the same (y, x) column, by a downward and an upward sweep. */
    private static double[] alongZ(boolean[] features, int d, int plane, double sz) {
        double[] dist = new double[features.length];
        int[] nearest = new int[plane];
        Arrays.fill(nearest, NONE);
        for (int z = 0; z < d; z++) {
            int start = z * plane;
            for (int p = 0; p < plane; p++) {
                if (features[start + p]) {
                    nearest[p] = z;
                }
                dist[start + p] = nearest[p] == NONE ? Double.POSITIVE_INFINITY : z - nearest[p];
            }
        }
        Arrays.fill(nearest, NONE);
        for (int z = d - 1; z >= 0; z--) {
            int start = z * plane;
            for (int p = 0; p < plane; p++) {
                if (features[start + p]) {
                    nearest[p] = z;
                }
                double steps = nearest[p] == NONE ? dist[start + p] : Math.min(dist[start + p], nearest[p] - z);
                // The same product and square as the lower envelope's (q - p) * s, so the values are identical.
                double delta = steps * sz;
                dist[start + p] = delta * delta;
            }
        }
        return dist;
    }

    private static boolean anySet(boolean[] flags, int from, int to) {
        for (int i = from; i < to; i++) {
            if (flags[i]) {
                return true;
            }
        }
        return false;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
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
            if (!build(data, offset, stride, n, s)) {
                return; // the whole line is infinitely far from any feature
            }
            int j = 0;
            for (int q = 0; q < n; q++) {
                double position = q * s;
                while (boundary[j + 1] < position) {
                    j++;
                }
                data[offset + q * stride] = value(q, j, s);
            }
        }

        /**
         * Writes the transformed values of a contiguous line at its query voxels to {@code out} from index {@code j}.
         *
         * @return the next free index of {@code out}
         */
        int evaluateAt(double[] data, int offset, int n, double s, boolean[] queries, double[] out, int j) {
            boolean reachable = build(data, offset, 1, n, s);
            int segment = 0;
            for (int q = 0; q < n; q++) {
                if (!queries[offset + q]) {
                    continue;
                }
                if (!reachable) {
                    out[j++] = Double.POSITIVE_INFINITY;
                    continue;
                }
                double position = q * s;
                while (boundary[segment + 1] < position) {
                    segment++;
                }
                out[j++] = value(q, segment, s);
            }
            return j;
        }

        private double value(int q, int segment, double s) {
            double delta = (q - vertex[segment]) * s;
            return delta * delta + f[vertex[segment]];
        }

        /** Builds the lower envelope of the line's parabolas; false when the line has none (all infinite). */
        private boolean build(double[] data, int offset, int stride, int n, double s) {
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
            return k >= 0;
        }

        /** Position (in length units) where the parabolas rooted at p < q are equal. */
        private double intersection(int p, int q, double s) {
            double xp = p * s;
            double xq = q * s;
            return ((f[q] + xq * xq) - (f[p] + xp * xp)) / (2.0 * (xq - xp));
        }
    }
}
