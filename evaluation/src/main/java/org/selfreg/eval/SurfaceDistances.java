package org.selfreg.eval;

/**
 * Surface distances between two non-empty masks with medpy's semantics ({@code medpy.metric.binary}
 * {@code __surface_distances}, 6-connected surfaces), and the summary statistics derived from them.
 *
 * <p>{@code aToB[i]} is the distance from the i-th surface voxel of A to the nearest surface voxel of B, computed
 * with an exact Euclidean distance transform in the units of the spacing.
 */
public final class SurfaceDistances {

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
        if (spacing.length != 3) {
            throw new IllegalArgumentException("spacing needs 3 values (z, y, x), got " + spacing.length);
        }
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("surface distances need two non-empty masks");
        }
        Box box = Box.enclosing(a, b);
        int d = box.depth();
        int h = box.height();
        int w = box.width();
        boolean[] borderA = SurfaceBorder.of(box.crop(a), d, h, w);
        boolean[] borderB = SurfaceBorder.of(box.crop(b), d, h, w);
        return new SurfaceDistances(directed(borderA, borderB, d, h, w, spacing),
                directed(borderB, borderA, d, h, w, spacing));
    }

    /** medpy's {@code hd95}: the 95th percentile of both directed distance sets pooled together. */
    public double hd95() {
        return Percentile.of(pooled(), 95.0);
    }

    /**
     * MONAI's {@code compute_hausdorff_distance(percentile=95)}: the larger of the two directed 95th percentiles.
     * Not what the reference reports; kept for comparison with MONAI-based papers.
     */
    public double monaiHd95() {
        return Math.max(Percentile.of(aToB, 95.0), Percentile.of(bToA, 95.0));
    }

    /** The Hausdorff distance: the largest distance in either direction (medpy's {@code hd}). */
    public double hausdorff() {
        return Math.max(max(aToB), max(bToA));
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

    /** Distances from A's surface voxels to B's surface, in C order of the voxels; a copy. */
    public double[] aToB() {
        return aToB.clone();
    }

    /** Distances from B's surface voxels to A's surface, in C order of the voxels; a copy. */
    public double[] bToA() {
        return bToA.clone();
    }

    private double[] pooled() {
        double[] all = new double[aToB.length + bToA.length];
        System.arraycopy(aToB, 0, all, 0, aToB.length);
        System.arraycopy(bToA, 0, all, aToB.length, bToA.length);
        return all;
    }

    private static double[] directed(boolean[] from, boolean[] to, int d, int h, int w, double[] spacing) {
        double[] squared = DistanceTransform.squared(to, d, h, w, spacing);
        int n = 0;
        for (boolean v : from) {
            if (v) {
                n++;
            }
        }
        double[] out = new double[n];
        int j = 0;
        for (int i = 0; i < from.length; i++) {
            if (from[i]) {
                out[j++] = Math.sqrt(squared[i]);
            }
        }
        return out;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
