package org.selfreg.eval;

/** Dice coefficient as medpy's {@code dc}: {@code 2|A and B| / (|A| + |B|)}, 0 when both masks are empty. */
public final class Dice {

    private Dice() {
    }

    /** Dice of two masks of the same shape. */
    public static double of(BinaryMask a, BinaryMask b) {
        int sizes = a.count() + b.count();
        return sizes == 0 ? 0.0 : 2.0 * a.intersectionCount(b) / sizes;
    }
}
