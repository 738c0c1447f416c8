package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/** Single-array block calls and the token/map reshapes the UCTransNet blocks share. */
final class Blocks {

    private Blocks() {
    }

    /** Runs a one-input, one-output block. */
    static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** {@code nn.Linear(in, units, bias=bias)} over the last axis. */
    static Linear linear(int units, boolean bias) {
        return Linear.builder().setUnits(units).optBias(bias).build();
    }

    /** {@code (B, C, h, w)} as tokens {@code (B, h*w, C)}: CTrans's {@code flatten(2).transpose(-1, -2)}. */
    static NDArray toTokens(NDArray map) {
        Shape s = map.getShape();
        return map.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
    }

    /** Tokens {@code (B, side*side, C)} as the map {@code (B, C, side, side)}. */
    static NDArray toMap(NDArray tokens, long side) {
        Shape s = tokens.getShape();
        return tokens.transpose(0, 2, 1).reshape(s.get(0), s.get(2), side, side);
    }

    /** The token shape {@code (B, side*side, C)} of a batch of {@code batch}. */
    static Shape tokenShape(long batch, long side, long channels) {
        return new Shape(batch, side * side, channels);
    }
}
