package org.selfreg.eval;

/** Dice coefficient as medpy's {@code dc}: {@code 2|A and B| / (|A| + |B|)}, 0 when both masks are empty. */
public final class Dice {

    private Dice() {
    }

    /** Dice of two masks of the same shape. */
    public static double of(BinaryMask a, BinaryMask b) {
        return of(a.intersectionCount(b), a.count(), b.count());
    }

    /** Dice from the voxel counts of A, B and their intersection. */
    static double of(int intersection, int sizeA, int sizeB) {
        int sizes = sizeA + sizeB;
        return sizes == 0 ? 0.0 : 2.0 * intersection / sizes;
    }
}
