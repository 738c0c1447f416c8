package org.selfreg.model.swin;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.Backbones;
import org.selfreg.model.EpochMetrics;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.TrainingResult;
import org.selfreg.model.testing.Fixtures;
import org.selfreg.model.testing.SyntheticSlices;
import org.selfreg.model.unet.SegmentationBackbone;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Swin-UNet through the trainer, at the fixtures' SMALL geometry (embed dim 6, 224 input, 4 classes): training,
 * loading back for inference, resuming, and pretrained initialisation.
 */
class SwinTrainingTest {

    private static final int SIZE = 224;
    private static final int EMBED_DIM = 6;
    private static final int CLASSES = 4;

    private static TrainConfig tinySwin(int epochs, String pretrained) {
        return new TrainConfig(0.01, 0.01, epochs, 2, 0.05, 0.9, 1e-4, EMBED_DIM, CLASSES, SIZE, 21, 0.4, 0.6,
                SwinBackboneFactory.NAME, TrainConfig.SGD, pretrained);
    }

    @Test
    void trainsAndLoadsBackAsAPredictor(@TempDir Path dir) {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 2, SIZE, 1);
        TrainConfig config = tinySwin(1, TrainConfig.NO_PRETRAINED);
        TrainingResult result = new SegmentationTrainer().train(dir.resolve("data"), names, config,
                dir.resolve("ckpt"), TrainingListener.NONE);

        EpochMetrics epoch = result.epochs().get(0);
        assertTrue(Double.isFinite(epoch.loss()) && epoch.segLoss() > 0, "loss " + epoch);
        assertTrue(epoch.kdIntra() > 0 && epoch.kdInter() > 0, "both Swin KD terms take part: " + epoch);
        try (TrainedModel model = TrainedModel.load(result.bestCheckpoint())) {
            assertEquals(config, model.config());
            assertEquals(SwinBackboneFactory.NAME, model.config().backbone());
            float[] slice = new float[SIZE * SIZE];
            slice[SIZE * SIZE / 2] = 1;
            byte[] predicted = model.predict(slice, 1);
            assertEquals(SIZE * SIZE, predicted.length);
            for (byte id : predicted) {
                assertTrue(id >= 0 && id < CLASSES, "class " + id);
            }
            assertArrayEquals(predicted, model.predict(slice, 1), "inference draws no drop path");
        }
    }

    /**
     * Drop path draws from the trainer's checkpointed generator, so the resumed run drops the same paths. The
     * pretrained file is deleted before resuming: a resumed run takes its weights from the checkpoint only.
     */
    @Test
    void anInterruptedRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        List<String> names = SyntheticSlices.write(data, 3, SIZE, 2);
        Path pretrained = Files.copy(SwinFixtures.path("pretrained.npz"), dir.resolve("pretrained.npz"));
        TrainConfig config = tinySwin(2, pretrained.toString());
        SegmentationTrainer trainer = new SegmentationTrainer();
        TrainingResult straight = trainer.train(data, names, config, dir.resolve("a"), TrainingListener.NONE);

        TrainingListener crashAfterFirstEpoch = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                throw new IllegalStateException("simulated crash");
            }
        };
        assertThrows(IllegalStateException.class,
                () -> trainer.train(data, names, config, dir.resolve("b"), crashAfterFirstEpoch));
        Files.delete(pretrained);
        TrainingResult resumed = trainer.train(data, names, config.withPretrained(dir.resolve("elsewhere.npz")
                .toString()), dir.resolve("b"), TrainingListener.NONE);

        assertEquals(straight.epochs().get(1).loss(), resumed.epochs().get(1).loss());
        assertArrayEquals(Files.readAllBytes(straight.lastCheckpoint()), Files.readAllBytes(resumed.lastCheckpoint()),
                "weights of the resumed run must be identical");
    }

    @Test
    void afterInitializeLoadsThePretrainedWeightsAsTheReferenceLoadFrom() {
        TrainConfig config = tinySwin(1, SwinFixtures.path("pretrained.npz").toString());
        try (NDManager manager = NDManager.newBaseManager()) {
            SegmentationBackbone network = Backbones.create(config);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SIZE, SIZE));
            // The fixture's load_from started from weights.npz, so the untouched parameters must be those.
            SwinWeights.loadInto(network, SwinFixtures.path("weights.npz"));
            Backbones.factory(config.backbone()).afterInitialize(network, config);

            NDList expected = SwinFixtures.load(manager, "pretrained_loaded.npz");
            for (Map.Entry<String, Parameter> p : SwinWeights.namedParameters(network).entrySet()) {
                Fixtures.assertClose(expected.get(p.getKey()), p.getValue().getArray(), 1e-7, p.getKey());
            }
        }
    }

    @Test
    void pretrainedWeightsOfAnotherNetworkAreRefused(@TempDir Path dir) throws Exception {
        Path unetWeights = dir.resolve("torch_unet_hd.npz");
        try (InputStream in = SwinTrainingTest.class.getResourceAsStream("/fixtures/torch_unet_hd.npz")) {
            Files.copy(in, unetWeights);
        }
        TrainConfig config = tinySwin(1, unetWeights.toString());
        try (NDManager manager = NDManager.newBaseManager()) {
            SegmentationBackbone network = Backbones.create(config);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SIZE, SIZE));
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Backbones.factory(config.backbone()).afterInitialize(network, config));
            assertTrue(e.getMessage().contains(unetWeights.toString())
                    && e.getMessage().contains("convert_swin_pretrained.py"), e.getMessage());
        }
    }

    @Test
    void anObjectStoreUriMustBeDownloadedBeforeTraining(@TempDir Path dir) {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 1, SIZE, 3);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SegmentationTrainer().train(
                dir.resolve("data"), names, tinySwin(1, "s3://bucket/swin.npz"), dir.resolve("ckpt"),
                TrainingListener.NONE));
        assertTrue(e.getMessage().contains("s3://bucket/swin.npz") && e.getMessage().contains("download"),
                e.getMessage());
    }
}
