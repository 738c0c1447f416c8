package org.selfreg.model.image;

import java.util.Arrays;

/**
 * {@code scipy.ndimage.zoom} for one 2D slice with scipy's defaults ({@code grid_mode=False}, {@code mode='constant'},
 * {@code cval=0}, prefilter on), which the reference uses to resize CT slices (order 3) and labels (order 0).
 *
 * <p>Computed separably (rows, then columns) from precomputed per-axis taps; results match scipy to float32
 * rounding, including its zero last row/column when zooming 512 to 224.
 */
public final class Zoom {

    private Zoom() {
    }

    /**
     * Resizes a C-order {@code h x w} slice to {@code outH x outW}.
     *
     * @param order 0 (nearest neighbour) or 3 (cubic B-spline with prefilter)
     * @return the {@code outH x outW} slice, C order, rounded to float32 as scipy does for a float32 input
     */
    public static float[] zoom(float[] src, int h, int w, int outH, int outW, int order) {
        checkArguments(src.length, h, w, outH, outW, order);
        double[] input = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            input[i] = src[i];
        }
        if (order == 3) {
            SplinePrefilter.filter2d(input, h, w);
        }
        double[] out = resample(input, h, w, outH, outW, order);
        float[] result = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            result[i] = (float) out[i];
        }
        return result;
    }

    /**
     * Resizes each {@code h x w} plane of a C-order {@code channels x h x w} image with a cubic spline (order 3), as
     * {@code scipy.ndimage.zoom} does with a zoom factor of 1 on the channel axis.
     */
    public static float[] zoomPlanes(float[] src, int channels, int h, int w, int outH, int outW) {
        if (channels == 1) {
            return zoom(src, h, w, outH, outW, 3);
        }
        int plane = h * w;
        int outPlane = outH * outW;
        float[] out = new float[channels * outPlane];
        for (int c = 0; c < channels; c++) {
            float[] channel = Arrays.copyOfRange(src, c * plane, (c + 1) * plane);
            System.arraycopy(zoom(channel, h, w, outH, outW, 3), 0, out, c * outPlane, outPlane);
        }
        return out;
    }

    /**
     * Resizes a C-order {@code h x w} label map with nearest neighbour (scipy {@code order=0}); samples outside the
     * input (see {@link AxisSampling}) become class 0.
     */
    public static byte[] zoomLabels(byte[] src, int h, int w, int outH, int outW) {
        checkArguments(src.length, h, w, outH, outW, 0);
        double[] input = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            input[i] = src[i];
        }
        double[] out = resample(input, h, w, outH, outW, 0);
        byte[] result = new byte[out.length];
        for (int i = 0; i < out.length; i++) {
            result[i] = (byte) out[i];
        }
        return result;
    }

    private static double[] resample(double[] input, int h, int w, int outH, int outW, int order) {
        AxisSampling cols = AxisSampling.of(w, outW, order);
        AxisSampling rows = AxisSampling.of(h, outH, order);
        double[] rowsDone = new double[h * outW];
        for (int y = 0; y < h; y++) {
            resampleLine(input, y * w, 1, cols, rowsDone, y * outW, 1);
        }
        double[] out = new double[outH * outW];
        for (int x = 0; x < outW; x++) {
            resampleLine(rowsDone, x, outW, rows, out, x, outW);
        }
        return out;
    }

    private static void resampleLine(double[] src, int srcOffset, int srcStride, AxisSampling axis,
                                     double[] dst, int dstOffset, int dstStride) {
        for (int k = 0; k < axis.size(); k++) {
            double value = 0.0;
            if (!axis.isOutside(k)) {
                int[] taps = axis.taps(k);
                double[] weights = axis.weights(k);
                for (int t = 0; t < taps.length; t++) {
                    value += src[srcOffset + taps[t] * srcStride] * weights[t];
                }
            }
            dst[dstOffset + k * dstStride] = value;
        }
    }

    private static void checkArguments(int length, int h, int w, int outH, int outW, int order) {
        if (order != 0 && order != 3) {
            throw new IllegalArgumentException("zoom order must be 0 or 3, got " + order);
        }
        if (h < 1 || w < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException(
                    "zoom sizes must be positive: " + h + "x" + w + " -> " + outH + "x" + outW);
        }
        if ((long) h * w != length) {
            throw new IllegalArgumentException(
                    "slice has " + length + " values, expected " + h + "x" + w + " = " + (long) h * w);
        }
    }
}
