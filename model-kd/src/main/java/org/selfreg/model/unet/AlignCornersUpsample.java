package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.selfreg.model.nd.LibtorchArrays;

/**
 * Bilinear x2 up-sampling with {@code align_corners=True}, as {@code nn.Upsample} in UNet_hd.
 *
 * <p>DJL offers no such op: {@code NDArray.resize} hard-codes {@code align_corners=False}, and the fourth argument
 * of {@code JniUtils.interpolate} in DJL 0.33 is "antialias", not align_corners (measured). So it is two matrix
 * products with libtorch's float weights ({@code src = dst * (n - 1) / (2n - 1)}): columns, then rows, as libtorch's
 * CPU kernel combines them. Built from gathers instead (an index select per neighbour and axis), a UNet_hd step at
 * 224², batch 8, spent 1.8 s up-sampling forward and backward, against 0.58 s in PyTorch's kernel and 0.43 s here
 * (a probe; the training-step rows of BENCHMARKS.md are the committed measurement).
 */
final class AlignCornersUpsample {

    private AlignCornersUpsample() {
    }

    /** Doubles height and width of an {@code (N, C, H, W)} array; the result lives in the input's manager. */
    static NDArray upsample2x(NDArray x) {
        NDManager manager = x.getManager();
        int height = (int) x.getShape().get(2);
        int width = (int) x.getShape().get(3);
        // (N, C, H, W) x (W, 2W), then (2H, H) x (N, C, H, 2W), broadcast over N and C.
        NDArray columns = x.matMul(weights(manager, width, true));
        return weights(manager, height, false).matMul(columns);
    }

    /**
     * The align_corners weights from {@code n} to {@code 2n} samples: output {@code o} takes {@code 1 - f} of input
     * {@code floor(s)} and {@code f} of the next, {@code s = o (n - 1) / (2n - 1)}, {@code f = s - floor(s)}. As a
     * {@code (2n, n)} matrix, or its transpose {@code (n, 2n)} to multiply from the right.
     */
    private static NDArray weights(NDManager manager, int n, boolean transposed) {
        int out = 2 * n;
        float scale = n > 1 ? (float) (n - 1) / (out - 1) : 0f;
        float[] matrix = new float[out * n];
        for (int o = 0; o < out; o++) {
            float source = scale * o;
            int lower = (int) source;
            int upper = Math.min(lower + 1, n - 1);
            float upperWeight = source - lower;
            matrix[transposed ? lower * out + o : o * n + lower] += 1f - upperWeight;
            matrix[transposed ? upper * out + o : o * n + upper] += upperWeight;
        }
        return LibtorchArrays.floats(manager, matrix, transposed ? new Shape(n, out) : new Shape(out, n));
    }
}
