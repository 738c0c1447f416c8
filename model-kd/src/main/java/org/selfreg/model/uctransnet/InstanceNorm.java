package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/**
 * {@code nn.InstanceNorm2d} with PyTorch's defaults ({@code affine=False, track_running_stats=False}), which DJL
 * lacks: each {@code (n, c)} slice of an {@code (N, C, H, W)} array is normalised by its own mean and biased variance,
 * eps 1e-5, in training and evaluation alike. UCTransNet applies it to the attention scores ({@code psi} in
 * McGregorWwww/UCTransNet nets/CTrans.py).
 *
 * <p>That is libtorch's layer norm over the last two axes with weight 1 and bias 0: one fused kernel each way, where
 * the same formula in separate array ops made about ten passes over the scores (up to 4 x 4 x 512 x 960 floats per
 * level and layer at full width) forward and twice that backward.
 */
final class InstanceNorm {

    private static final float EPSILON = 1e-5f;

    private InstanceNorm() {
    }

    static NDArray normalize(NDArray x) {
        Shape shape = x.getShape();
        Shape slice = shape.slice(2);
        // DJL's layer norm requires a weight and a bias; constants of the scores' type (float64 in a parity test), so
        // nothing accumulates gradients in them.
        return LayerNorm.layerNorm(x, slice, x.getManager().ones(slice, x.getDataType()),
                x.getManager().zeros(slice, x.getDataType()), EPSILON).singletonOrThrow();
    }
}
