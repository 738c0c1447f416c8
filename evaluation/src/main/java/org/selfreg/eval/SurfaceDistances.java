package org.selfreg.eval;

import java.util.Arrays;

/**
 * Surface distances between two non-empty masks with medpy's semantics ({@code medpy.metric.binary}
 * {@code __surface_distances}, 6-connected surfaces), and the summary statistics derived from them.
 *
 * <p>The distances from A's surface voxels to B's surface are computed with an exact Euclidean distance transform in
 * the units of the spacing, inside the bounding box of both masks: every voxel outside it is background, so the
 * surfaces and the distances there equal those medpy computes on the whole volume.
 */
public final class SurfaceDistances {

    // Both sorted ascending: every statistic here is independent of the voxel order.
    private final double[] aToB;
    private final double[] bToA;

    private SurfaceDistances(double[] aToB, double[] bToA) {
        this.aToB = aToB;
        this.bToA = bToA;
    }

    /**
     * Computes both directed distance sets.
     *
     * @param spacing voxel size along (z, y, x), i.e. medpy's {@code voxelspacing} for a {@code [D, H, W]} array
     * @throws IllegalArgumentException when either mask is empty (medpy raises {@code RuntimeError}) or shapes differ
     */
    public static SurfaceDistances between(BinaryMask a, BinaryMask b, double[] spacing) {
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("surface distances need two non-empty masks");
        }
        Box box = Box.enclosing(a, b);
        return inBox(box.crop(a), box.crop(b), box, spacing);
    }

    /**
     * Both directed distance sets of two non-empty masks cropped to {@code box}, which must enclose both.
     *
     * @param spacing voxel size along (z, y, x)
     */
    static SurfaceDistances inBox(boolean[] a, boolean[] b, Box box, double[] spacing) {
        if (spacing.length != 3) {
            throw new IllegalArgumentException("spacing needs 3 values (z, y, x), got " + spacing.length);
        }
        int d = box.depth();
        int h = box.height();
        int w = box.width();
        boolean[] borderA = SurfaceBorder.of(a, d, h, w);
        boolean[] borderB = SurfaceBorder.of(b, d, h, w);
        return new SurfaceDistances(directed(borderA, borderB, d, h, w, spacing),
                directed(borderB, borderA, d, h, w, spacing));
    }

    /** medpy's {@code hd95}: the 95th percentile of both directed distance sets pooled together. */
    public double hd95() {
        return Percentile.ofSorted(merge(aToB, bToA), 95.0);
    }

    /**
     * MONAI's {@code compute_hausdorff_distance(percentile=95)}: the larger of the two directed 95th percentiles.
     * Not what the reference reports; kept for comparison with MONAI-based papers.
     */
    public double monaiHd95() {
        return Math.max(Percentile.ofSorted(aToB, 95.0), Percentile.ofSorted(bToA, 95.0));
    }

    /** The Hausdorff distance: the largest distance in either direction (medpy's {@code hd}). */
    public double hausdorff() {
        return Math.max(aToB[aToB.length - 1], bToA[bToA.length - 1]);
    }

    /** medpy 0.5's {@code assd}: the mean of both directed distance sets pooled together. */
    public double assd() {
        double sum = 0.0;
        for (double v : aToB) {
            sum += v;
        }
        for (double v : bToA) {
            sum += v;
        }
        return sum / (aToB.length + bToA.length);
    }

    /** Distances from {@code from}'s surface voxels to {@code to}'s surface, sorted. */
    private static double[] directed(boolean[] from, boolean[] to, int d, int h, int w, double[] spacing) {
        double[] distances = DistanceTransform.squaredAt(to, from, d, h, w, spacing);
        for (int i = 0; i < distances.length; i++) {
            distances[i] = Math.sqrt(distances[i]);
        }
        Arrays.sort(distances);
        return distances;
    }

    private static double[] merge(double[] x, double[] y) {
        double[] out = new double[x.length + y.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < x.length && j < y.length) {
            out[k++] = x[i] <= y[j] ? x[i++] : y[j++];
        }
        System.arraycopy(x, i, out, k, x.length - i);
        System.arraycopy(y, j, out, k + x.length - i, y.length - j);
        return out;
    }
}
