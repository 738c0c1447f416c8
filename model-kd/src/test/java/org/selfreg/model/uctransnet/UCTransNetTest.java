package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.model.Backbones;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainPresets;
import org.selfreg.model.loss.KdRecipe;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UCTransNetTest {

    @Test
    void parameterCountsEqualTheOriginals() {
        assertEquals(66_430_025, trainableParameters(UCTransNetConfig.original(1, 9, 64, 224)), "Synapse 1 -> 9");
        assertEquals(66_430_657, trainableParameters(UCTransNetConfig.original(3, 1, 64, 224)), "GlaS 3 -> 1");
    }

    /** The GlaS preset on a GlaS-like dataset builds the original's GlaS network: 3 channels in, one sigmoid out. */
    @Test
    void theGlasPresetOnAnRgbBinaryDatasetIsTheOriginalsGlasNetwork() {
        DatasetDescription glas = new DatasetDescription("glas", List.of("background", "gland"), 3, 2,
                DatasetDescription.LabelRule.INSTANCE_MAP, DatasetDescription.Protocol.UCTRANSNET);
        TrainConfig config = TrainPresets.config(TrainPresets.UCTRANSNET_GLAS).forDataset(glas);
        UCTransNet network = (UCTransNet) Backbones.create(config);
        assertEquals(66_430_657, trainableParameters(network, config.channels()));
    }

    private static long trainableParameters(UCTransNetConfig config) {
        return trainableParameters(new UCTransNet(config, new Random(0)), config.inChannels());
    }

    private static long trainableParameters(UCTransNet network, int channels) {
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 224, 224));
            return network.getParameters().values().stream().filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size()).sum();
        }
    }

    @Test
    void dropoutFollowsTheInjectedGeneratorInTrainingOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = manager.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray first = network(manager, 5).forwardTaps(ps, input).logits();
            NDArray again = network(manager, 5).forwardTaps(ps, input).logits();
            NDArray other = network(manager, 6).forwardTaps(ps, input).logits();
            assertEquals(first, again, "the same generator draws the same masks");
            assertNotEquals(first, other, "another generator draws other masks");
            assertEquals(network(manager, 5).forwardLogits(ps, input), network(manager, 6).forwardLogits(ps, input),
                    "no dropout in evaluation");
        }
    }

    /** The same initial weights (engine seed) whatever the dropout generator. */
    private static UCTransNet network(NDManager manager, long dropoutSeed) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(3);
        UCTransNet network = new UCTransNet(UCTransNetFixtures.small(0.1), new Random(dropoutSeed));
        network.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        return network;
    }

    @Test
    void tapsHaveTheUNetWidthsAndResolutions() {
        UCTransNet network = new UCTransNet(UCTransNetConfig.original(1, 9, 64, 224), new Random(0));
        Shape[] shapes = network.getOutputShapes(new Shape[] {new Shape(2, 1, 224, 224)});
        assertEquals(new Shape(2, 9, 224, 224), shapes[0]);
        assertEquals(new Shape(2, 128, 112, 112), shapes[1], "x2");
        assertEquals(new Shape(2, 512, 14, 14), shapes[4], "x5");
        assertEquals(new Shape(2, 256, 28, 28), shapes[5], "up4");
        assertEquals(new Shape(2, 64, 112, 112), shapes[7], "up2");
        assertEquals(new Shape(2, 64, 224, 224), shapes[8], "teacher up1");
    }

    @Test
    void registeredAsABackboneWithTheUNetRecipeAndItsSizeRule() {
        var factory = Backbones.factory(UCTransNetBackboneFactory.NAME);
        assertSame(KdRecipe.UNET, factory.kdRecipe());
        assertTrue(factory.acceptsImageSize(224) && factory.acceptsImageSize(32));
        assertFalse(factory.acceptsImageSize(200) || factory.acceptsImageSize(0));
        TrainConfig config = new TrainConfig(0.1, 0.1, 1, 2, 1e-3, 0.9, 1e-4, 2, 3, 32, 1, 0.4, 0.6,
                UCTransNetBackboneFactory.NAME, TrainConfig.ADAMW);
        UCTransNet network = assertInstanceOf(UCTransNet.class, Backbones.create(config));
        assertEquals(UCTransNetConfig.original(1, 3, 2, 32), network.config());
        assertThrows(IllegalArgumentException.class, () -> UCTransNetConfig.original(1, 9, 64, 200));
    }
}
