package org.selfreg.model;

import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.swin.SwinBackboneFactory;
import org.selfreg.model.swin.SwinPresets;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainConfigTest {

    @Test
    void defaultsAreTheSynapseUNetRecipeAndTheShortFormMeansUNetWithSgd() {
        TrainConfig d = TrainConfig.defaults();
        assertEquals(Backbones.UNET, d.backbone());
        assertEquals(TrainConfig.SGD, d.optimizer());
        assertEquals(d, new TrainConfig(0.015, 0.015, 150, 24, 0.01, 0.9, 1e-4, 64, 9, 224, 1234, 0.4, 0.6,
                "unet", "SGD"), "optimizer names are case-insensitive");
        assertEquals(TrainConfig.ADAMW, TrainConfig.acdcDefaults().optimizer());
    }

    @Test
    void rejectsWhatTheNetworkOrTheRecipeCannotTake() {
        assertRejected("imageSize", "multiple of 16", () -> withSizeAndNames(200, "unet", "sgd"));
        assertRejected("backbone", "one of [", () -> withSizeAndNames(224, "resnet", "sgd"));
        assertRejected("optimizer", "'sgd', 'adam' or 'adamw'", () -> withSizeAndNames(224, "unet", "rmsprop"));
        assertRejected("lambdaIntra", "finite", () -> new TrainConfig(Double.NaN, 0, 1, 1, 0.01, 0.9, 0, 4, 3, 32, 1,
                0.4, 0.6));
        assertRejected("lambdaInter", ">= 0", () -> new TrainConfig(0, -0.1, 1, 1, 0.01, 0.9, 0, 4, 3, 32, 1, 0.4,
                0.6));
        assertRejected("baseWidth", "multiple of 6", () -> new TrainConfig(0.1, 0.1, 1, 1, 0.01, 0.9, 0, 64, 3, 224,
                1, 0.4, 0.6, SwinBackboneFactory.NAME, TrainConfig.SGD));
    }

    @Test
    void eachOptimizerKeepsItsFormerScheduleUnlessTheConfigurationNamesOne() {
        assertEquals(TrainConfig.POLY, TrainConfig.defaults().schedule());
        assertEquals(TrainConfig.CONSTANT, TrainConfig.acdcDefaults().schedule());
        assertEquals(TrainConfig.CONSTANT, withSizeAndNames(224, "unet", "Adam").schedule());
        assertEquals(TrainConfig.CONSTANT, TrainConfig.defaults().withOptimizer("ADAMW").schedule(),
                "another optimizer brings its own default");
        TrainConfig cosine = uctransnetSchedule(TrainConfig.COSINE_RESTARTS.toUpperCase(), 10, 1e-4);
        assertEquals(TrainConfig.COSINE_RESTARTS, cosine.schedule());
        assertEquals(cosine, cosine.withOptimizer(TrainConfig.ADAM), "the same optimizer keeps the schedule");
        assertEquals(cosine, cosine.withPretrained(TrainConfig.NO_PRETRAINED));
    }

    @Test
    void rejectsScheduleValuesThatDoNotDescribeOneRun() {
        assertRejected("schedule", "'poly', 'constant' or 'cosine-restarts'", () -> uctransnetSchedule("step", 0, 0));
        assertRejected("restartEpochs", ">= 1", () -> uctransnetSchedule(TrainConfig.COSINE_RESTARTS, 0, 1e-4));
        assertRejected("minLr", "[0, baseLr = 0.001]", () -> uctransnetSchedule(TrainConfig.COSINE_RESTARTS, 10,
                2e-3));
        assertRejected("restartEpochs", "only 'cosine-restarts'", () -> uctransnetSchedule(TrainConfig.POLY, 10, 0));
        assertRejected("minLr", "only 'cosine-restarts'", () -> uctransnetSchedule(TrainConfig.CONSTANT, 0, 1e-4));
    }

    @Test
    void theUCTransNetSynapsePresetIsTheOriginalsOptimizerOnTheSynapseRecipe() {
        TrainConfig uct = TrainPresets.config(TrainPresets.UCTRANSNET_SYNAPSE);
        assertEquals(List.of("uctransnet", TrainConfig.ADAM, TrainConfig.COSINE_RESTARTS, 10, 1e-4, 1e-3, 0.0, 4, 666L,
                50), List.of(uct.backbone(), uct.optimizer(), uct.schedule(), uct.restartEpochs(), uct.minLr(),
                uct.baseLr(), uct.weightDecay(), uct.batchSize(), uct.seed(), uct.patience()));
        assertEquals(List.of(9, 224, 64, 150, 0.4, 0.6), List.of(uct.classes(), uct.imageSize(), uct.baseWidth(),
                uct.epochs(), uct.ceWeight(), uct.diceWeight()));
        assertEquals(50, uct.withOptimizer(TrainConfig.SGD).patience(), "the patience stays with another optimizer");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig(0, 0, 1, 1,
                1e-3, 0, 0, 4, 2, 32, 1, 1, 0, "unet", "adam", "", null, 0, 0, -1));
        assertTrue(e.getMessage().contains("patience"), e.getMessage());
    }

    @Test
    void theSwinReadmePresetIsTheReferenceCommand() {
        TrainConfig swin = TrainPresets.config(SwinPresets.SYNAPSE_README);
        assertEquals(SwinBackboneFactory.NAME, swin.backbone());
        assertEquals(TrainConfig.SGD, swin.optimizer());
        assertEquals(List.of(0.05, 32, 0.010, 0.010, 150, 224, 96), List.of(swin.baseLr(), swin.batchSize(),
                swin.lambdaIntra(), swin.lambdaInter(), swin.epochs(), swin.imageSize(), swin.baseWidth()));
        assertEquals(TrainConfig.defaults(), TrainPresets.config(TrainPresets.UNET_SYNAPSE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainPresets.config("swin"));
        assertTrue(e.getMessage().contains("'swin'") && e.getMessage().contains(SwinPresets.SYNAPSE_README),
                e.getMessage());
    }

    @Test
    void pretrainedWeightsAreOptionalAndAnObjectStoreUriIsNotAFile() {
        assertEquals(TrainConfig.NO_PRETRAINED, TrainConfig.defaults().pretrained());
        assertTrue(TrainConfig.defaults().pretrainedFile().isEmpty());
        TrainConfig local = TrainConfig.defaults().withPretrained(" /data/unet.npz ");
        assertEquals(Path.of("/data/unet.npz"), local.pretrainedFile().orElseThrow());
        TrainConfig remote = TrainConfig.defaults().withPretrained("s3://bucket/unet.npz");
        assertTrue(remote.pretrainedIsRemote());
        assertThrows(InvalidInputException.class, remote::pretrainedFile);
    }

    private static TrainConfig withSizeAndNames(int size, String backbone, String optimizer) {
        return new TrainConfig(0.1, 0.1, 1, 1, 0.01, 0.9, 0, 4, 3, size, 1, 0.4, 0.6, backbone, optimizer);
    }

    /** UCTransNet's optimizer (Adam, lr 1e-3, batch 4) on a tiny UNet with the given schedule. */
    private static TrainConfig uctransnetSchedule(String schedule, int restartEpochs, double minLr) {
        return new TrainConfig(0.1, 0.1, 1, 4, 1e-3, 0.9, 0, 4, 3, 32, 1, 0.4, 0.6, Backbones.UNET, TrainConfig.ADAM,
                TrainConfig.NO_PRETRAINED, schedule, restartEpochs, minLr);
    }

    private static void assertRejected(String field, String hint, Runnable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
        assertTrue(e.getMessage().contains("TrainConfig." + field) && e.getMessage().contains(hint), e.getMessage());
    }
}
