package org.selfreg.eval;

/** Jaccard index as medpy's {@code jc}: {@code |A and B| / |A or B|}, 1 when both masks are empty. */
public final class Jaccard {

    private Jaccard() {
    }

    /** Jaccard index of two masks of the same shape. */
    public static double of(BinaryMask a, BinaryMask b) {
        return of(a.intersectionCount(b), a.count(), b.count());
    }

    /** Jaccard index from the voxel counts of A, B and their intersection. */
    static double of(int intersection, int sizeA, int sizeB) {
        int union = sizeA + sizeB - intersection;
        return union == 0 ? 1.0 : (double) intersection / union;
    }
}
