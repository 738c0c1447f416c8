package org.selfreg.model.uctransnet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.TrainingResult;
import org.selfreg.model.testing.SyntheticSlices;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer, untouched, trains a small UCTransNet end to end and the checkpoint loads back as one. */
class UCTransNetTrainingTest {

    private static final int SIZE = 32;

    @Test
    void trainsOneEpochWithKdAndTheCheckpointLoadsAndPredicts(@TempDir Path dir) {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 6, SIZE, 3);
        TrainConfig config = new TrainConfig(0.1, 0.1, 1, 2, 1e-3, 0.9, 1e-4, 2, 3, SIZE, 17, 0.4, 0.6,
                UCTransNetBackboneFactory.NAME, TrainConfig.ADAMW);
        TrainingResult result = new SegmentationTrainer().train(dir.resolve("data"), names, List.of(), config,
                dir.resolve("ckpt"), TrainingListener.NONE);

        assertEquals(1, result.epochs().size());
        assertTrue(Double.isFinite(result.epochs().get(0).loss()));
        assertTrue(result.epochs().get(0).kdIntra() > 0 && result.epochs().get(0).kdInter() > 0);
        try (TrainedModel model = TrainedModel.load(result.lastCheckpoint())) {
            assertEquals(config, model.config());
            byte[] predicted = model.predict(new float[2 * SIZE * SIZE], 2);
            assertEquals(2 * SIZE * SIZE, predicted.length);
            for (byte id : predicted) {
                assertTrue(id >= 0 && id < 3);
            }
        }
    }
}
