package org.selfreg.eval;

/**
 * An axis-aligned sub-volume {@code [z0, z1) x [y0, y1) x [x0, x1)} of a C-order volume.
 *
 * <p>Surface distances only need the bounding box of both masks: every voxel outside it is background, so erosion
 * and the distance transform computed inside the box equal those of the whole volume.
 */
record Box(int z0, int y0, int x0, int z1, int y1, int x1) {

    int depth() {
        return z1 - z0;
    }

    int height() {
        return y1 - y0;
    }

    int width() {
        return x1 - x0;
    }

    int size() {
        return depth() * height() * width();
    }

    /** Bounding box of the voxels set in {@code a} or {@code b}; both masks must be non-empty and of one shape. */
    static Box enclosing(BinaryMask a, BinaryMask b) {
        a.requireSameShape(b);
        int h = a.height();
        int w = a.width();
        int z0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x0 = Integer.MAX_VALUE;
        int z1 = -1, y1 = -1, x1 = -1;
        boolean[] va = a.voxels();
        boolean[] vb = b.voxels();
        for (int i = 0; i < va.length; i++) {
            if (va[i] || vb[i]) {
                int z = i / (h * w);
                int y = (i / w) % h;
                int x = i % w;
                z0 = Math.min(z0, z);
                y0 = Math.min(y0, y);
                x0 = Math.min(x0, x);
                z1 = Math.max(z1, z);
                y1 = Math.max(y1, y);
                x1 = Math.max(x1, x);
            }
        }
        return new Box(z0, y0, x0, z1 + 1, y1 + 1, x1 + 1);
    }

    /**
     * The voxels equal to {@code classId} of a C-order label volume with planes of {@code height x width}, inside this
     * box, C order in box coordinates.
     */
    boolean[] crop(byte[] labels, int height, int width, int classId) {
        boolean[] out = new boolean[size()];
        int i = 0;
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                int row = (z * height + y) * width;
                for (int x = x0; x < x1; x++) {
                    out[i++] = (labels[row + x] & 0xFF) == classId;
                }
            }
        }
        return out;
    }

    /** The part of {@code mask} inside this box, C order in box coordinates. */
    boolean[] crop(BinaryMask mask) {
        boolean[] out = new boolean[size()];
        int h = mask.height();
        int w = mask.width();
        int i = 0;
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                System.arraycopy(mask.voxels(), (z * h + y) * w + x0, out, i, width());
                i += width();
            }
        }
        return out;
    }
}
