package org.selfreg.dataprep.images;

/**
 * {@code cv2.resize(image, (width, height))} with its default {@code INTER_LINEAR} on uint8 planes, as UCTransNet
 * resizes images and masks (McGregorWwww/UCTransNet {@code Load_Dataset.py}, {@code ImageToImage2D}).
 *
 * <p>It follows OpenCV's {@code resizeGeneric_} ({@code imgproc/src/resize.cpp}) as built for x86-64 (opencv-python):
 * half-pixel centres {@code f = (d + 0.5) * src / dst - 0.5} in float; along x, positions before the first or past
 * the last pixel are clamped to it (weight 1), along y only the row indices are clamped and the weights kept; weights
 * in 11-bit fixed point ({@code round(w * 2048)}, ties to even); the horizontal pass sums {@code S * a} in int, and the
 * vertical pass rounds as OpenCV's SIMD kernel {@code VResizeLinearVec_32s8u} does:
 * {@code ((b0 * (r0 >> 4)) >> 16) + ((b1 * (r1 >> 4)) >> 16) + 2) >> 2}. The scalar kernel rounds once
 * ({@code (r0 * b0 + r1 * b1 + 2^21) >> 22}) and differs by 1 grey level on some pixels; the SIMD one is what
 * opencv-python runs. Against OpenCV 4.x the fixtures of {@code ResizeParityTest} match bit for bit.
 */
public final class BilinearResize {

    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;

    private BilinearResize() {
    }

    /**
     * Resizes each of {@code channels} planes, C order [C][H][W], to {@code outHeight} x {@code outWidth}.
     *
     * @return the resized planes, C order [C][outHeight][outWidth]
     */
    public static byte[] resize(byte[] planes, int channels, int height, int width, int outHeight, int outWidth) {
        if (planes.length != (long) channels * height * width || height < 1 || width < 1 || outHeight < 1
                || outWidth < 1) {
            throw new IllegalArgumentException("cannot resize " + channels + "x" + height + "x" + width + " ("
                    + planes.length + " values) to " + outHeight + "x" + outWidth);
        }
        Axis x = Axis.of(width, outWidth, true);
        Axis y = Axis.of(height, outHeight, false);
        byte[] out = new byte[channels * outHeight * outWidth];
        int[] rows = new int[height * outWidth];
        for (int c = 0; c < channels; c++) {
            int in = c * height * width;
            for (int r = 0; r < height; r++) {
                for (int d = 0; d < outWidth; d++) {
                    int s = in + r * width + x.first[d];
                    rows[r * outWidth + d] = (planes[s] & 0xFF) * x.weight0[d]
                            + (x.weight1[d] == 0 ? 0 : (planes[s + 1] & 0xFF) * x.weight1[d]);
                }
            }
            int o = c * outHeight * outWidth;
            for (int d = 0; d < outHeight; d++) {
                int r0 = Math.clamp(y.first[d], 0, height - 1) * outWidth;
                int r1 = Math.clamp(y.first[d] + 1L, 0, height - 1) * outWidth;
                for (int i = 0; i < outWidth; i++) {
                    int v = ((y.weight0[d] * (rows[r0 + i] >> 4)) >> 16) + ((y.weight1[d] * (rows[r1 + i] >> 4)) >> 16);
                    out[o + d * outWidth + i] = (byte) Math.clamp((v + 2) >> 2, 0, 255);
                }
            }
        }
        return out;
    }

    /** Source index and the two fixed-point weights of each output position along one axis. */
    private record Axis(int[] first, int[] weight0, int[] weight1) {

        static Axis of(int size, int outSize, boolean clampWeights) {
            double scale = (double) size / outSize;
            int[] first = new int[outSize];
            int[] weight0 = new int[outSize];
            int[] weight1 = new int[outSize];
            for (int d = 0; d < outSize; d++) {
                float f = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                if (clampWeights && s < 0) {
                    s = 0;
                    f = 0;
                }
                if (clampWeights && s >= size - 1) {
                    s = size - 1;
                    f = 0;
                }
                first[d] = s;
                weight0[d] = (int) Math.rint((1 - f) * COEF_SCALE);
                weight1[d] = (int) Math.rint(f * COEF_SCALE);
            }
            return new Axis(first, weight0, weight1);
        }
    }
}
