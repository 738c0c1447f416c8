package org.selfreg.model.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.selfreg.model.nd.LibtorchArrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The products must pick the same floats as indexing, forward and backward: bit for bit, not within a tolerance. */
class ChannelSelectionTest {

    private static final Shape MAP = new Shape(3, 8, 5, 7);
    private static final long[] CHANNELS = {6, 1, 3, 7};
    private static final long[] OTHERS = {0, 5, 2, 4};

    @Test
    void selectEqualsIndexingBitForBit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray channels = LibtorchArrays.longs(manager, CHANNELS);
            assertSameForwardAndBackward(manager,
                    x -> ChannelSelection.select(x, channels),
                    x -> x.get(new NDIndex(":, {}", channels)));
        }
    }

    @Test
    void differenceEqualsIndexedSubtractionBitForBit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray plus = LibtorchArrays.longs(manager, CHANNELS);
            NDArray minus = LibtorchArrays.longs(manager, OTHERS);
            assertSameForwardAndBackward(manager,
                    x -> ChannelSelection.difference(x, plus, minus),
                    x -> x.get(new NDIndex(":, {}", plus)).sub(x.get(new NDIndex(":, {}", minus))));
        }
    }

    /** Same values, and the same gradient under an upstream gradient that differs per element. */
    private static void assertSameForwardAndBackward(NDManager manager, Function<NDArray, NDArray> products,
                                                     Function<NDArray, NDArray> indexing) {
        manager.getEngine().setRandomSeed(11);
        NDArray x = manager.randomNormal(MAP).mul(1e3);
        NDArray weights = manager.randomNormal(new Shape(MAP.get(0), CHANNELS.length, MAP.get(2) * MAP.get(3)));
        float[][] viaProducts = valueAndGradient(x, weights, products);
        float[][] viaIndexing = valueAndGradient(x, weights, indexing);
        assertArrayEquals(viaIndexing[0], viaProducts[0], 0f, "values");
        assertArrayEquals(viaIndexing[1], viaProducts[1], 0f, "gradients");
    }

    private static float[][] valueAndGradient(NDArray source, NDArray weights, Function<NDArray, NDArray> select) {
        NDArray x = source.duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray picked = select.apply(x).reshape(weights.getShape());
            collector.backward(picked.mul(weights).sum());
            return new float[][] {picked.toFloatArray(), x.getGradient().toFloatArray()};
        }
    }
}
