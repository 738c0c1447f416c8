package org.selfreg.eval;

/**
 * medpy's object surface: {@code X ^ binary_erosion(X, generate_binary_structure(3, 1))}, i.e. the voxels of X with
 * at least one of their six face neighbours outside X, the volume edge counting as outside ({@code border_value=0}).
 */
final class SurfaceBorder {

    private SurfaceBorder() {
    }

    /** Border flags of a C-order {@code d x h x w} mask. */
    static boolean[] of(boolean[] mask, int d, int h, int w) {
        boolean[] border = new boolean[mask.length];
        int plane = h * w;
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                int row = (z * h + y) * w;
                for (int x = 0; x < w; x++) {
                    int i = row + x;
                    if (mask[i]) {
                        boolean interior = x > 0 && mask[i - 1] && x < w - 1 && mask[i + 1]
                                && y > 0 && mask[i - w] && y < h - 1 && mask[i + w]
                                && z > 0 && mask[i - plane] && z < d - 1 && mask[i + plane];
                        border[i] = !interior;
                    }
                }
            }
        }
        return border;
    }
}
