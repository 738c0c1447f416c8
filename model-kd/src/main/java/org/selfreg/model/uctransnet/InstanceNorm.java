package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * {@code nn.InstanceNorm2d} with PyTorch's defaults ({@code affine=False, track_running_stats=False}), which DJL
 * lacks: each {@code (n, c)} slice of an {@code (N, C, H, W)} array is normalised by its own mean and biased variance,
 * eps 1e-5, in training and evaluation alike. UCTransNet applies it to the attention scores ({@code psi} in
 * McGregorWwww/UCTransNet nets/CTrans.py).
 */
final class InstanceNorm {

    private static final float EPSILON = 1e-5f;

    private InstanceNorm() {
    }

    static NDArray normalize(NDArray x) {
        Shape shape = x.getShape();
        // One axis per reduction: DJL's mean over several axes throws on the PyTorch engine.
        NDArray flat = x.reshape(shape.get(0), shape.get(1), -1);
        NDArray centered = flat.sub(flat.mean(new int[] {2}, true));
        NDArray variance = centered.square().mean(new int[] {2}, true);
        return centered.div(variance.add(EPSILON).sqrt()).reshape(shape);
    }
}
