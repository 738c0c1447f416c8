package org.selfreg.eval;

/**
 * A 3D binary mask in C order ({@code [depth][height][width]}), the unit every metric works on.
 *
 * @param voxels {@code depth * height * width} flags, C order
 */
public record BinaryMask(int depth, int height, int width, boolean[] voxels) {

    public BinaryMask {
        if (depth < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("mask dimensions must be positive: " + depth + "x" + height + "x" + width);
        }
        if ((long) depth * height * width != voxels.length) {
            throw new IllegalArgumentException("mask has " + voxels.length + " voxels, expected "
                    + depth + "x" + height + "x" + width);
        }
    }

    /** The voxels of {@code labels} (unsigned class ids) equal to {@code classId}, the reference's {@code label == i}. */
    public static BinaryMask ofClass(byte[] labels, int depth, int height, int width, int classId) {
        boolean[] voxels = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            voxels[i] = (labels[i] & 0xFF) == classId;
        }
        return new BinaryMask(depth, height, width, voxels);
    }

    /** The non-zero voxels of {@code values} (medpy's {@code astype(bool)}). */
    public static BinaryMask ofNonZero(byte[] values, int depth, int height, int width) {
        boolean[] voxels = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            voxels[i] = values[i] != 0;
        }
        return new BinaryMask(depth, height, width, voxels);
    }

    /** Number of set voxels. */
    public int count() {
        int n = 0;
        for (boolean v : voxels) {
            if (v) {
                n++;
            }
        }
        return n;
    }

    /** True when no voxel is set. */
    public boolean isEmpty() {
        for (boolean v : voxels) {
            if (v) {
                return false;
            }
        }
        return true;
    }

    /** Number of voxels set in both masks. */
    public int intersectionCount(BinaryMask other) {
        requireSameShape(other);
        int n = 0;
        for (int i = 0; i < voxels.length; i++) {
            if (voxels[i] && other.voxels[i]) {
                n++;
            }
        }
        return n;
    }

    /** Throws when {@code other} does not have this mask's shape. */
    public void requireSameShape(BinaryMask other) {
        if (depth != other.depth || height != other.height || width != other.width) {
            throw new IllegalArgumentException("mask shapes differ: " + depth + "x" + height + "x" + width
                    + " vs " + other.depth + "x" + other.height + "x" + other.width);
        }
    }
}
