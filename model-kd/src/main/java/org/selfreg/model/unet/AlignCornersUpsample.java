package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear x2 up-sampling with {@code align_corners=True}, as {@code nn.Upsample} in UNet_hd.
 *
 * <p>DJL offers no such op: {@code NDArray.resize} hard-codes {@code align_corners=False}, and the fourth argument
 * of {@code JniUtils.interpolate} in DJL 0.33 is "antialias", not align_corners (measured). Bilinear interpolation is
 * separable and linear, so it is two matrix products, {@code A_h · x · A_wᵀ}, where each row of {@code A_n} holds
 * libtorch's two float weights for one output index ({@code src = dst * (n - 1) / (2n - 1)}); columns first, as
 * libtorch's CPU kernel. Both products and their gradients run as GEMMs: built from gathers instead, the backward
 * pass (an index_add) made up-sampling about four times slower and cost some 2 s of a 15 s full-width training step.
 */
final class AlignCornersUpsample {

    private AlignCornersUpsample() {
    }

    /** Doubles height and width of an {@code (N, C, H, W)} array; the result lives in the input's manager. */
    static NDArray upsample2x(NDArray x) {
        NDManager manager = x.getManager();
        int height = (int) x.getShape().get(2);
        int width = (int) x.getShape().get(3);
        NDArray columns = interpolation(manager, width);
        NDArray rows = height == width ? columns : interpolation(manager, height);
        return rows.matMul(x.matMul(columns.transpose()));
    }

    /** The {@code (2n, n)} matrix of linear x2 interpolation with align_corners semantics. */
    private static NDArray interpolation(NDManager manager, int in) {
        int out = 2 * in;
        float[] weights = new float[out * in];
        float scale = in > 1 ? (float) (in - 1) / (out - 1) : 0f;
        for (int i = 0; i < out; i++) {
            float source = scale * i;
            int lower = (int) source;
            int upper = Math.min(lower + 1, in - 1);
            float upperWeight = source - lower;
            weights[i * in + lower] += 1f - upperWeight;
            weights[i * in + upper] += upperWeight;
        }
        return manager.create(weights, new Shape(out, in));
    }
}
