package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/** Small helpers shared by the Swin blocks: layer construction with the reference init, and single-array calls. */
final class Layers {

    /** {@code trunc_normal_(std=.02)} of Swin; its bounds (+-2 absolute) are 100 sigma away, so it is a plain normal. */
    static final float WEIGHT_STD = 0.02f;

    private Layers() {
    }

    /** {@code nn.Linear} initialised as {@code SwinTransformerSys._init_weights} does (normal weights, zero bias). */
    static Linear linear(long units, boolean bias) {
        Linear linear = Linear.builder().setUnits(units).optBias(bias).build();
        linear.setInitializer(new NormalInitializer(WEIGHT_STD), Parameter.Type.WEIGHT);
        return linear;
    }

    /** Runs a one-input, one-output block. */
    static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Token array {@code (B, side*side, C)} as the feature map {@code (B, C, side, side)} SelfReg taps. */
    static NDArray toMap(NDArray tokens, long side) {
        Shape s = tokens.getShape();
        return tokens.transpose(0, 2, 1).reshape(s.get(0), s.get(2), side, side);
    }
}
