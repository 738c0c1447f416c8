package org.selfreg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.selfreg.model.loss.RandomChannelSampler;
import org.selfreg.model.loss.SelfRegLoss;
import org.selfreg.model.nd.LibtorchArrays;
import org.selfreg.model.swin.SwinBackboneFactory;
import org.selfreg.model.testing.DirectMemoryChurn;
import org.selfreg.model.uctransnet.UCTransNetBackboneFactory;
import org.selfreg.model.unet.FeatureTaps;

/**
 * The backward pass runs after the forward pass has made its arrays, and the garbage collector may run in between
 * (in a worker: other threads, uploads, logging). Every array the autograd graph keeps must therefore live in
 * libtorch's memory. A Java-owned one (from DJL's {@code create(float[])}, or the scalar of its {@code mul(Number)},
 * freed right after the op) is freed and reused: KD training with such scalars crashed in libtorch's backward under
 * forced garbage collection, or drifted from run to run (the sigmoid head's Dice factors did so in GlaS SelfReg
 * trials). Here one training forward pass of each backbone and head, with the head's segmentation loss and the SelfReg
 * loss, is differentiated once right away and once after the JVM freed and overwrote its unreferenced direct memory;
 * every parameter gradient must be identical.
 */
class GraphLifetimeTest {

    /** Every backbone, and both heads: the sigmoid head's loss is another graph than the softmax head's. */
    static Stream<Arguments> backbones() {
        return Stream.of(
                Arguments.of(new TrainConfig(0.3, 0.7, 1, 2, 0.01, 0.9, 1e-4, 4, 3, 32, 5, 0.4, 0.6)),
                Arguments.of(new TrainConfig(0.3, 0.7, 1, 2, 1e-3, 0.9, 0, 4, 2, 32, 5, 0.5, 0.5, Backbones.UNET,
                        TrainConfig.ADAM, TrainConfig.NO_PRETRAINED, null, 0, 0, 0, 3, TrainConfig.SIGMOID)),
                Arguments.of(new TrainConfig(0.3, 0.7, 1, 2, 1e-3, 0.9, 1e-4, 2, 3, 32, 5, 0.4, 0.6,
                        UCTransNetBackboneFactory.NAME, TrainConfig.ADAMW)),
                Arguments.of(new TrainConfig(0.3, 0.7, 1, 2, 0.01, 0.9, 1e-4, 6, 4, 224, 5, 0.4, 0.6,
                        SwinBackboneFactory.NAME, TrainConfig.SGD, TrainConfig.NO_PRETRAINED)));
    }

    @ParameterizedTest
    @MethodSource("backbones")
    void gradientsDoNotDependOnGarbageCollectionBeforeTheBackwardPass(TrainConfig config) {
        List<float[]> undisturbed = gradients(config, false);
        List<float[]> collected = gradients(config, true);
        for (int i = 0; i < undisturbed.size(); i++) {
            assertArrayEquals(undisturbed.get(i), collected.get(i), "gradient of parameter " + i);
        }
    }

    /** Every parameter's gradient after one forward and backward pass of the training loss on a fixed batch. */
    private static List<float[]> gradients(TrainConfig config, boolean churnBeforeBackward) {
        try (TrainingSession session = new TrainingSession(config, 10, Device.cpu(), new Random(5));
             NDManager step = session.trainer().getManager().newSubManager()) {
            Random random = new Random(9);
            int size = config.imageSize();
            Shape imageShape = new Shape(config.batchSize(), config.channels(), size, size);
            Shape labelShape = new Shape(config.batchSize(), size, size);
            NDArray images = LibtorchArrays.floats(step, randomFloats(random, (int) imageShape.size()), imageShape);
            NDArray labels = LibtorchArrays.longs(step,
                    random.longs(labelShape.size(), 0, config.classes()).toArray(), labelShape);
            DirectMemoryChurn churn = new DirectMemoryChurn();
            try (GradientCollector collector = session.trainer().newGradientCollector()) {
                FeatureTaps taps = session.network().taps(session.trainer().forward(new NDList(images)));
                SelfRegLoss selfReg = new SelfRegLoss(config.lambdaIntra(), config.lambdaInter(),
                        new RandomChannelSampler(new Random(3)), Backbones.factory(config.backbone()).kdRecipe());
                NDArray total = TrainingSession.segmentationLoss(config).compute(taps.logits(), labels).total()
                        .add(selfReg.compute(taps).total());
                if (churnBeforeBackward) {
                    // Small buffers too: a scalar is a few bytes.
                    churn.churn(5, 2_000, 16).churn(5, 50, 64 * 1024);
                }
                collector.backward(total);
            } finally {
                churn.release();
            }
            List<float[]> gradients = new ArrayList<>();
            for (Pair<String, Parameter> parameter : session.network().getParameters()) {
                NDArray weight = parameter.getValue().getArray();
                if (weight.hasGradient()) {
                    gradients.add(weight.getGradient().toFloatArray());
                }
            }
            assertTrue(gradients.size() > 10, "the whole network takes part");
            return gradients;
        }
    }

    private static float[] randomFloats(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
