package org.selfreg.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.testing.SyntheticSlices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationTrainerTest {

    private static final int SIZE = 32;

    /** Tiny but complete: width 4, 10 slices, batch 4 (last batch of 2), lr high enough to move in 3 epochs. */
    private static TrainConfig tinyConfig(int epochs) {
        return new TrainConfig(0.1, 0.1, epochs, 4, 0.05, 0.9, 1e-4, 4, 3, SIZE, 17, 0.4, 0.6);
    }

    @Test
    void trainsLowersTheLossAndSavesAPredictorCheckpoint(@TempDir Path dir) {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 10, SIZE, 1);
        List<int[]> iterations = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onIteration(int epoch, int iteration, int iterationsPerEpoch) {
                iterations.add(new int[] {epoch, iteration, iterationsPerEpoch});
            }
        };
        TrainingResult result = new SegmentationTrainer().train(dir.resolve("data"), names, tinyConfig(3),
                dir.resolve("ckpt"), listener);

        assertEquals(9, iterations.size(), "ceil(10 / 4) = 3 iterations per epoch, last batch not dropped");
        assertArrayEquals(new int[] {2, 2, 3}, iterations.get(8));
        List<EpochMetrics> epochs = result.epochs();
        assertEquals(3, epochs.size());
        assertTrue(epochs.get(2).loss() < epochs.get(0).loss(), "loss should fall: " + epochs);
        assertTrue(epochs.get(0).kdIntra() > 0 && epochs.get(0).kdInter() > 0);
        assertEquals(0.05 * Math.pow(1 - 7.0 / 9, 0.9), epochs.get(2).learningRate(), 1e-12,
                "last step (8) runs at poly(7) of 9 iterations");
        assertEquals("PyTorch", result.runtime().engine());

        try (TrainedModel model = TrainedModel.load(result.lastCheckpoint())) {
            assertEquals(tinyConfig(3), model.config());
            assertEquals(SIZE, model.inputHeight());
            byte[] predicted = model.predict(new float[3 * SIZE * SIZE], 3);
            assertEquals(3 * SIZE * SIZE, predicted.length);
            for (byte id : predicted) {
                assertTrue(id >= 0 && id < 3);
            }
            assertThrows(IllegalArgumentException.class, () -> model.predict(new float[5], 1));
        }
    }

    @Test
    void anInterruptedRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 10, SIZE, 2);
        SegmentationTrainer trainer = new SegmentationTrainer();
        TrainingResult straight = trainer.train(dir.resolve("data"), names, tinyConfig(3), dir.resolve("a"),
                TrainingListener.NONE);

        TrainingListener crashAfterFirstEpoch = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                throw new IllegalStateException("simulated crash");
            }
        };
        assertThrows(IllegalStateException.class, () -> trainer.train(dir.resolve("data"), names, tinyConfig(3),
                dir.resolve("b"), crashAfterFirstEpoch));
        TrainingResult resumed = trainer.train(dir.resolve("data"), names, tinyConfig(3), dir.resolve("b"),
                TrainingListener.NONE);

        assertEquals(straight.epochs(), withoutTiming(straight.epochs(), resumed.epochs()));
        assertArrayEquals(Files.readAllBytes(straight.lastCheckpoint()), Files.readAllBytes(resumed.lastCheckpoint()),
                "weights and BN statistics must be identical");
    }

    @Test
    void refusesToResumeWithAnotherConfiguration(@TempDir Path dir) {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 4, SIZE, 3);
        SegmentationTrainer trainer = new SegmentationTrainer();
        trainer.train(dir.resolve("data"), names, tinyConfig(1), dir.resolve("c"), TrainingListener.NONE);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> trainer.train(dir.resolve("data"),
                names, tinyConfig(2), dir.resolve("c"), TrainingListener.NONE));
        assertTrue(e.getMessage().contains("empty checkpoint directory"), e.getMessage());
    }

    @Test
    void reportsAMissingSliceByName(@TempDir Path dir) {
        SyntheticSlices.write(dir.resolve("data"), 1, SIZE, 4);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SegmentationTrainer().train(
                dir.resolve("data"), List.of("case9999_slice000"), tinyConfig(1), dir.resolve("d"),
                TrainingListener.NONE));
        assertTrue(e.getMessage().contains("case9999_slice000"), e.getMessage());
    }

    /** Epoch metrics with the wall-clock throughput of {@code actual} replaced by that of {@code expected}. */
    private static List<EpochMetrics> withoutTiming(List<EpochMetrics> expected, List<EpochMetrics> actual) {
        List<EpochMetrics> out = new ArrayList<>();
        for (int i = 0; i < actual.size(); i++) {
            EpochMetrics a = actual.get(i);
            out.add(new EpochMetrics(a.epoch(), a.loss(), a.segLoss(), a.kdIntra(), a.kdInter(), a.learningRate(),
                    expected.get(i).imagesPerSecond()));
        }
        return out;
    }
}
