package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.selfreg.model.nd.LibtorchArrays;

/**
 * Bilinear x2 up-sampling with {@code align_corners=True}, as {@code nn.Upsample} in UNet_hd.
 *
 * <p>DJL offers no such op: {@code NDArray.resize} hard-codes {@code align_corners=False}, and the fourth argument
 * of {@code JniUtils.interpolate} in DJL 0.33 is "antialias", not align_corners (measured). So it is built from
 * differentiable gathers with libtorch's float weights ({@code src = dst * (n - 1) / (2n - 1)}), combined in the
 * order of libtorch's CPU kernel: {@code h0 * (w0 * x00 + w1 * x01) + h1 * (w0 * x10 + w1 * x11)}.
 */
final class AlignCornersUpsample {

    private AlignCornersUpsample() {
    }

    /** Doubles height and width of an {@code (N, C, H, W)} array; the result lives in the input's manager. */
    static NDArray upsample2x(NDArray x) {
        NDArray columns = interpolateAxis(x, 3);
        return interpolateAxis(columns, 2);
    }

    /** Linear x2 interpolation along {@code axis} (2 = rows, 3 = columns) with align_corners semantics. */
    private static NDArray interpolateAxis(NDArray x, int axis) {
        int in = (int) x.getShape().get(axis);
        int out = 2 * in;
        long[] lower = new long[out];
        long[] upper = new long[out];
        float[] upperWeight = new float[out];
        float[] lowerWeight = new float[out];
        float scale = in > 1 ? (float) (in - 1) / (out - 1) : 0f;
        for (int i = 0; i < out; i++) {
            float source = scale * i;
            int i0 = (int) source;
            lower[i] = i0;
            upper[i] = Math.min(i0 + 1, in - 1);
            upperWeight[i] = source - i0;
            lowerWeight[i] = 1f - upperWeight[i];
        }
        NDManager manager = x.getManager();
        // Weights broadcast along the interpolated axis: (out, 1) for rows, (out) for columns.
        Shape weightShape = axis == 2 ? new Shape(out, 1) : new Shape(out);
        String index = axis == 2 ? ":, :, {}" : ":, :, :, {}";
        NDArray low = x.get(new NDIndex(index, LibtorchArrays.longs(manager, lower)))
                .mul(LibtorchArrays.floats(manager, lowerWeight, weightShape));
        NDArray high = x.get(new NDIndex(index, LibtorchArrays.longs(manager, upper)))
                .mul(LibtorchArrays.floats(manager, upperWeight, weightShape));
        return low.add(high);
    }
}
