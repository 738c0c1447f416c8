package org.selfreg.dataprep.synthetic;

/**
 * What synthetic CT to generate.
 *
 * @param cases     number of cases (img0001 ...)
 * @param size      in-plane pixels per axis (the demo uses 64)
 * @param minSlices fewest slices per case
 * @param maxSlices most slices per case
 * @param seed      the seed every random choice derives from: the same spec gives byte-identical files
 */
public record SyntheticSpec(int cases, int size, int minSlices, int maxSlices, long seed) {

    public SyntheticSpec {
        if (cases < 1 || cases > 9999) {
            throw new IllegalArgumentException("cases must be in 1..9999, got " + cases);
        }
        if (size < 16 || size > 1024) {
            throw new IllegalArgumentException("size must be in 16..1024, got " + size);
        }
        if (minSlices < 4 || maxSlices < minSlices || maxSlices > 1024) {
            throw new IllegalArgumentException("need 4 <= minSlices <= maxSlices <= 1024, got " + minSlices + ".." + maxSlices);
        }
    }

    /** A small set that trains in seconds: 8 cases of 64×64 with 24..40 slices. */
    public static SyntheticSpec demo(long seed) {
        return new SyntheticSpec(8, 64, 24, 40, seed);
    }
}
