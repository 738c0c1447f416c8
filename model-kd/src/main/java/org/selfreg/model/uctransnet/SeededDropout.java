package org.selfreg.model.uctransnet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;

import java.util.Random;

/**
 * {@code nn.Dropout(rate)} whose masks follow an injected {@link Random}: before each draw libtorch's generator is
 * seeded from it, so a run resumed with the checkpointed generator drops what an uninterrupted one would. The masks
 * themselves come from libtorch, since the attention probabilities are too large to draw element by element in Java.
 */
final class SeededDropout {

    private final float rate;
    private final Random random;

    SeededDropout(double rate, Random random) {
        this.rate = (float) rate;
        this.random = random;
    }

    /** Zeroes elements with probability {@code rate} and scales the rest by {@code 1 / (1 - rate)} in training. */
    NDArray apply(NDArray x, boolean training) {
        if (!training || rate == 0) {
            return x;
        }
        Engine.getInstance().setRandomSeed(random.nextInt());
        return Dropout.dropout(x, rate, true).singletonOrThrow();
    }
}
