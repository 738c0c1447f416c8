package org.selfreg.eval;

import java.util.Arrays;

/**
 * Voxel counts, overlaps and bounding boxes of every class of a prediction and its ground truth, gathered in one pass
 * over the two label volumes, so scoring a class never scans the whole volume again.
 */
final class LabelCensus {

    private final int[] predicted;
    private final int[] truth;
    private final int[] intersection;
    // Per class: the bounding box of the class in either volume, as inclusive min and max of z, y, x.
    private final int[][] bounds;

    private LabelCensus(int classes) {
        predicted = new int[classes];
        truth = new int[classes];
        intersection = new int[classes];
        bounds = new int[classes][];
    }

    /**
     * Counts classes {@code 0..classes-1}; both volumes C order {@code [d][h][w]}, values unsigned.
     *
     * @throws IllegalArgumentException when the volumes differ in size or hold a value outside the classes
     */
    static LabelCensus of(byte[] prediction, byte[] reference, int d, int h, int w, int classes) {
        if (prediction.length != reference.length || (long) d * h * w != reference.length) {
            throw new IllegalArgumentException("label volumes of " + prediction.length + " and " + reference.length
                    + " voxels do not both have the shape " + d + "x" + h + "x" + w);
        }
        LabelCensus census = new LabelCensus(classes);
        int[] rowMin = new int[classes];
        int[] rowMax = new int[classes];
        int background = 0;
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                Arrays.fill(rowMax, -1);
                Arrays.fill(rowMin, Integer.MAX_VALUE);
                int row = (z * h + y) * w;
                for (int x = 0; x < w; x++) {
                    int p = prediction[row + x] & 0xFF;
                    int t = reference[row + x] & 0xFF;
                    if ((p | t) == 0) {
                        background++; // most voxels: no class bounds to update
                        continue;
                    }
                    if (p >= classes || t >= classes) {
                        throw new IllegalArgumentException("label value " + Math.max(p, t) + " at voxel " + (row + x)
                                + " is outside the classes 0.." + (classes - 1));
                    }
                    census.predicted[p]++;
                    census.truth[t]++;
                    if (p == t) {
                        census.intersection[p]++;
                    } else {
                        rowMin[t] = Math.min(rowMin[t], x);
                        rowMax[t] = x;
                    }
                    rowMin[p] = Math.min(rowMin[p], x);
                    rowMax[p] = x;
                }
                for (int c = 0; c < classes; c++) {
                    if (rowMax[c] >= 0) {
                        census.include(c, z, y, rowMin[c], rowMax[c]);
                    }
                }
            }
        }
        census.predicted[0] += background;
        census.truth[0] += background;
        census.intersection[0] += background;
        return census;
    }

    private void include(int classId, int z, int y, int x0, int x1) {
        int[] b = bounds[classId];
        if (b == null) {
            bounds[classId] = new int[] {z, y, x0, z, y, x1};
            return;
        }
        b[1] = Math.min(b[1], y);
        b[2] = Math.min(b[2], x0);
        b[3] = z; // rows come in z order
        b[4] = Math.max(b[4], y);
        b[5] = Math.max(b[5], x1);
    }

    int predicted(int classId) {
        return predicted[classId];
    }

    int truth(int classId) {
        return truth[classId];
    }

    int intersection(int classId) {
        return intersection[classId];
    }

    /** The bounding box of the class in the prediction or the truth; the class must occur in one of them. */
    Box box(int classId) {
        int[] b = bounds[classId];
        return new Box(b[0], b[1], b[2], b[3] + 1, b[4] + 1, b[5] + 1);
    }
}
