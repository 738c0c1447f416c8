package org.selfreg.eval;

/**
 * Resizes a label image by nearest neighbour as OpenCV's {@code cv2.resize(..., interpolation=INTER_NEAREST)}: output
 * pixel {@code (y, x)} takes source pixel {@code (floor(y * srcH / dstH), floor(x * srcW / dstW))}.
 *
 * <p>UCTransNet's loader ({@code Load_Dataset.py} of McGregorWwww/UCTransNet) brings each image to the network's size
 * with {@code cv2.resize}; this is the inverse used to bring a prediction back to the native mask's size. Nearest
 * neighbour keeps class ids (no blending) and, as the prediction is the coarser grid, puts each native pixel in the
 * network pixel it falls in.
 */
public final class NearestResize {

    private NearestResize() {
    }

    /** The {@code dstH × dstW} resize of {@code labels}, C order {@code [srcH][srcW]}. */
    public static byte[] resize(byte[] labels, int srcH, int srcW, int dstH, int dstW) {
        if (labels.length != (long) srcH * srcW) {
            throw new IllegalArgumentException("a " + srcH + "x" + srcW + " image needs " + (long) srcH * srcW
                    + " values, got " + labels.length);
        }
        int[] columns = new int[dstW];
        for (int x = 0; x < dstW; x++) {
            columns[x] = source(x, srcW, dstW);
        }
        byte[] out = new byte[dstH * dstW];
        for (int y = 0; y < dstH; y++) {
            int row = source(y, srcH, dstH) * srcW;
            for (int x = 0; x < dstW; x++) {
                out[y * dstW + x] = labels[row + columns[x]];
            }
        }
        return out;
    }

    private static int source(int dst, int srcSize, int dstSize) {
        return Math.min((int) ((long) dst * srcSize / dstSize), srcSize - 1);
    }
}
