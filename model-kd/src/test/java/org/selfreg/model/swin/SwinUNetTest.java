package org.selfreg.model.swin;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.selfreg.model.loss.RandomChannelSampler;
import org.selfreg.model.loss.SelfRegLoss;
import org.selfreg.model.testing.Fixtures;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of the DJL Swin-UNet beyond single-image parity: batching, drop path, shapes, memory, gradients. */
class SwinUNetTest {

    @Test
    void samplesOfABatchDoNotMix() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SwinUNet network = SwinFixtures.network(manager, 0, 2);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray batch = manager.randomUniform(0, 1, new Shape(2, 1, 224, 224));
            NDArray together = network.forwardLogits(ps, batch);
            for (int i = 0; i < 2; i++) {
                NDArray alone = network.forwardLogits(ps, batch.get(i + ":" + (i + 1)));
                Fixtures.assertClose(alone, together.get(i + ":" + (i + 1)), 1e-5, "sample " + i);
            }
        }
    }

    @Test
    void trainingOutputHasTheDeclaredTapShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SwinUNet network = SwinFixtures.network(manager, 0, 1);
            Shape input = new Shape(1, 1, 224, 224);
            NDList out = network.forward(new ParameterStore(manager, false), new NDList(manager.zeros(input)), true);
            assertArrayEquals(network.getOutputShapes(new Shape[] {input}), out.getShapes());
            assertEquals(1 + 8 + 6 + 1, out.size());
            SwinTaps taps = network.swinTaps(out);
            assertEquals(new Shape(1, 48, 7, 7), taps.encoder().get(3).get(1).getShape());
            assertEquals(new Shape(1, 6, 56, 56), taps.decoder().get(2).get(0).getShape());
            assertEquals(new Shape(1, 6, 224, 224), taps.teacher().getShape());
        }
    }

    @Test
    void dropPathIsSeededAndActiveOnlyInTraining() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = manager.randomUniform(0, 1, new Shape(2, 1, 224, 224));
            float[] first = trainingLogits(manager, image, 7);
            float[] again = trainingLogits(manager, image, 7);
            float[] otherSeed = trainingLogits(manager, image, 8);
            assertArrayEquals(first, again, "same seed, same stochastic depth");
            assertFalse(Arrays.equals(first, otherSeed), "another seed drops other paths");
        }
    }

    private static float[] trainingLogits(NDManager manager, NDArray image, long seed) {
        SwinUNet network = new SwinUNet(SwinFixtures.small(0.5), new Random(seed));
        network.initialize(manager, DataType.FLOAT32, image.getShape());
        SwinWeights.loadInto(network, SwinFixtures.path("weights.npz"));
        return network.forward(new ParameterStore(manager, false), new NDList(image), true).get(0).toFloatArray();
    }

    @Test
    void kdGradientReachesThePatchEmbeddingAndStepsLeaveNoArraysBehind() {
        try (NDManager model = NDManager.newBaseManager()) {
            SwinUNet network = SwinFixtures.network(model, 0.2, 1);
            ParameterStore ps = new ParameterStore(model, false);
            SelfRegLoss loss = new SelfRegLoss(0.01, 0.01, new RandomChannelSampler(new Random(3)),
                    SwinKdRecipe.INSTANCE);
            int[] counts = new int[3];
            for (int step = 0; step < counts.length; step++) {
                try (NDManager scope = model.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray image = scope.randomUniform(0, 1, new Shape(1, 1, 224, 224));
                    NDList out = network.forward(ps, new NDList(image), true);
                    collector.backward(loss.compute(network.taps(out)).total());
                }
                counts[step] = model.getManagedArrays().size();
            }
            NDArray gradient = SwinWeights.namedParameters(network).get("patch_embed.proj.weight").getArray()
                    .getGradient();
            assertTrue(gradient.abs().sum().getFloat() > 0, "the KD loss trains the encoder");
            assertEquals(counts[1], counts[2], "a step must free every array it created");
        }
    }

    @Test
    void geometryTheReferenceCannotRunIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SwinUNetConfig(1, 9, 112,
                4, 96, List.of(2, 2, 2, 2), List.of(3, 6, 12, 24), 7, 4, 0.2));
        assertTrue(e.getMessage().contains("halve"), e.getMessage());
    }
}
