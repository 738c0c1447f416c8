package org.selfreg.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.model.testing.SyntheticSlices;
import org.selfreg.model.uctransnet.UCTransNetBackboneFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationTrainerTest {

    private static final int SIZE = 32;

    /** Tiny but complete: width 4, 10 slices, batch 4 (last batch of 2), lr high enough to move in 3 epochs. */
    private static TrainConfig tinyConfig(int epochs) {
        return tinyConfig(epochs, 0.05, TrainConfig.SGD);
    }

    private static TrainConfig tinyConfig(int epochs, double lr, String optimizer) {
        return new TrainConfig(0.1, 0.1, epochs, 4, lr, 0.9, 1e-4, 4, 3, SIZE, 17, 0.4, 0.6, Backbones.UNET,
                optimizer);
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
        TrainingResult result = new SegmentationTrainer().train(dir.resolve("data"), names, List.of(), tinyConfig(3),
                dir.resolve("ckpt"), listener);

        assertEquals(9, iterations.size(), "ceil(10 / 4) = 3 iterations per epoch, last batch not dropped");
        assertArrayEquals(new int[] {2, 2, 3}, iterations.get(8));
        List<EpochMetrics> epochs = result.epochs();
        assertEquals(3, epochs.size());
        assertTrue(epochs.get(2).loss() < epochs.get(0).loss(), "loss should fall: " + epochs);
        assertTrue(epochs.get(0).kdIntra() > 0 && epochs.get(0).kdInter() > 0);
        assertEquals(0.05 * Math.pow(1 - 7.0 / 9, 0.9), epochs.get(2).learningRate(), 1e-12,
                "last step (8) runs at poly(7) of 9 iterations");
        assertTrue(Double.isNaN(epochs.get(2).valDice()), "no validation split, no validation score");
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

    /**
     * A binary RGB dataset as GlaS is prepared, with UNet_hd and with UCTransNet (the uctransnet-glas network): the
     * configuration takes the dataset's three channels and sigmoid head, the loss falls, validation scores the
     * foreground, and the model predicts 0 or 1 from three channels.
     */
    @ParameterizedTest
    @ValueSource(strings = {Backbones.UNET, UCTransNetBackboneFactory.NAME})
    void trainsAnRgbBinaryDatasetWithTheSigmoidHead(String backbone, @TempDir Path dir) {
        SyntheticSlices.RgbBinary data = SyntheticSlices.writeRgbBinary(dir.resolve("data"), 8, 2, SIZE, 9);
        DatasetDescription glasLike = new DatasetDescription("glas", List.of("background", "gland"), 3, 2,
                DatasetDescription.LabelRule.INSTANCE_MAP, DatasetDescription.Protocol.UCTRANSNET);
        TrainConfig tiny = tinyConfig(4, 0.01, TrainConfig.ADAM);
        TrainConfig config = new TrainConfig(tiny.lambdaIntra(), tiny.lambdaInter(), tiny.epochs(), tiny.batchSize(),
                tiny.baseLr(), tiny.momentum(), tiny.weightDecay(), tiny.baseWidth(), tiny.classes(), tiny.imageSize(),
                tiny.seed(), tiny.ceWeight(), tiny.diceWeight(), backbone, tiny.optimizer()).forDataset(glasLike);
        assertEquals(TrainConfig.SIGMOID, config.head());
        assertEquals(1, config.outputChannels());

        TrainingResult result = new SegmentationTrainer().train(dir.resolve("data"), data.trainSlices(),
                data.valCases(), config, dir.resolve("ckpt"), TrainingListener.NONE);

        List<EpochMetrics> epochs = result.epochs();
        assertTrue(epochs.get(3).loss() < epochs.get(0).loss(), "loss should fall: " + epochs);
        assertTrue(epochs.stream().allMatch(m -> m.valDice() >= 0 && m.valDice() <= 1), "val Dice: " + epochs);
        try (TrainedModel model = TrainedModel.load(result.bestCheckpoint())) {
            assertEquals(3, model.channels());
            assertEquals(2, model.classes());
            byte[] predicted = model.predict(new float[2 * 3 * SIZE * SIZE], 2);
            assertEquals(2 * SIZE * SIZE, predicted.length);
            for (byte id : predicted) {
                assertTrue(id == 0 || id == 1, "class id " + id);
            }
        }
    }

    /** A network built for one channel refuses RGB images, naming the file and the fix. */
    @Test
    void rejectsImagesWithOtherChannelsThanTheNetwork(@TempDir Path dir) {
        SyntheticSlices.RgbBinary data = SyntheticSlices.writeRgbBinary(dir.resolve("data"), 2, 0, SIZE, 9);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SegmentationTrainer().train(
                dir.resolve("data"), data.trainSlices(), List.of(), tinyConfig(1), dir.resolve("ckpt"),
                TrainingListener.NONE));
        assertTrue(e.getMessage().contains("image000.npz has 3 image channels but the network takes 1"),
                e.getMessage());
    }

    @Test
    void withoutAValidationSplitTheBestCheckpointIsTheLastAndSaysSo(@TempDir Path dir) throws Exception {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 4, SIZE, 5);
        TrainingResult result = new SegmentationTrainer().train(dir.resolve("data"), names, List.of(), tinyConfig(2),
                dir.resolve("ckpt"), TrainingListener.NONE);

        assertEquals(Checkpoint.paramsFile(dir.resolve("ckpt"), Checkpoint.BEST), result.bestCheckpoint());
        assertArrayEquals(Files.readAllBytes(result.lastCheckpoint()), Files.readAllBytes(result.bestCheckpoint()));
        CheckpointInfo best = Checkpoint.readInfo(result.bestCheckpoint());
        assertEquals(CheckpointInfo.Selection.LAST_EPOCH_NO_VALIDATION, best.selection());
        assertEquals(2, best.epochsCompleted());
        assertEquals(CheckpointInfo.Selection.LAST_EPOCH, Checkpoint.readInfo(result.lastCheckpoint()).selection());
    }

    @Test
    void validatesEveryEpochAndKeepsTheBestEpoch(@TempDir Path dir) {
        Path data = dir.resolve("data");
        List<String> names = SyntheticSlices.write(data, 10, SIZE, 6);
        // 40x40 volumes: every slice is zoomed to the 32x32 network and its prediction zoomed back.
        List<String> cases = SyntheticSlices.writeVolumes(data, 2, 3, 40, 7);
        TrainingResult result = new SegmentationTrainer().train(data, names, cases, tinyConfig(3), dir.resolve("ckpt"),
                TrainingListener.NONE);

        List<EpochMetrics> epochs = result.epochs();
        int bestEpoch = 0;
        for (EpochMetrics m : epochs) {
            assertTrue(m.valDice() >= 0 && m.valDice() <= 1, "val Dice " + m.valDice());
            if (m.valDice() > epochs.get(bestEpoch).valDice()) {
                bestEpoch = m.epoch();
            }
        }
        CheckpointInfo best = Checkpoint.readInfo(result.bestCheckpoint());
        assertEquals(CheckpointInfo.Selection.BEST_VALIDATION_DICE, best.selection());
        assertEquals(bestEpoch + 1, best.epochsCompleted(), "best holds the first epoch with the top val Dice");
        assertEquals(epochs, Checkpoint.readInfo(result.lastCheckpoint()).history());
        try (TrainedModel model = TrainedModel.load(result.bestCheckpoint())) {
            assertEquals(best, model.info());
        }
    }

    @Test
    void paperValidationDiceFollowsTheReferenceEdgeCases() {
        ValidationDice paper = ValidationDice.PAPER;
        byte[] truth = {0, 1, 1, 2, 0, 0};
        assertEquals(2.0 * 1 / (2 + 2), Validation.dice(new byte[] {1, 1, 0, 0, 0, 0}, truth, 1, paper), 1e-12);
        assertEquals(0.0, Validation.dice(new byte[] {0, 0, 0, 0, 0, 0}, truth, 2, paper), "empty prediction: 0");
        assertEquals(1.0, Validation.dice(new byte[] {0, 0, 0, 0, 3, 0}, truth, 3, paper), "absent, predicted: 1");
        assertEquals(0.0, Validation.dice(truth, truth, 3, paper), "absent in both: 0");
    }

    /** The corrected rule scores a class only where it is present, so predicting an absent organ gains nothing. */
    @Test
    void correctedValidationDiceScoresOnlyPresentClasses() {
        ValidationDice corrected = ValidationDice.CORRECTED;
        byte[] truth = {0, 1, 1, 2, 0, 0};
        assertEquals(0.5, Validation.dice(new byte[] {1, 1, 0, 0, 0, 0}, truth, 1, corrected), 1e-12);
        assertEquals(0.0, Validation.dice(new byte[] {0, 0, 0, 0, 0, 0}, truth, 2, corrected), "a miss scores 0");
        assertTrue(Double.isNaN(Validation.dice(new byte[] {0, 0, 0, 0, 3, 0}, truth, 3, corrected)), "absent");
        assertTrue(Double.isNaN(Validation.dice(truth, truth, 3, corrected)), "absent in both: not scored");

        // Class 1 scored in two volumes (1 and 0.5), class 2 in none: the mean is class 1's alone.
        assertEquals(0.75, Validation.meanOfScoredClasses(new double[] {0, 1.5, 0}, new int[] {0, 2, 0}), 1e-12);
        assertTrue(Double.isNaN(Validation.meanOfScoredClasses(new double[3], new int[3])), "nothing scored");
    }

    /**
     * Patience 1 on a tiny run whose validation Dice soon stops improving: training ends after the epoch the rule
     * names, and the run, started again on its checkpoints, trains no further.
     */
    @Test
    void earlyStoppingEndsTheRunAndAResumedRunStaysStopped(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        List<String> names = SyntheticSlices.write(data, 10, SIZE, 6);
        List<String> cases = SyntheticSlices.writeVolumes(data, 1, 2, SIZE, 7);
        TrainConfig base = tinyConfig(8, 1e-4, TrainConfig.ADAM);
        TrainConfig config = new TrainConfig(base.lambdaIntra(), base.lambdaInter(), base.epochs(), base.batchSize(),
                base.baseLr(), base.momentum(), base.weightDecay(), base.baseWidth(), base.classes(),
                base.imageSize(), base.seed(), base.ceWeight(), base.diceWeight(), base.backbone(), base.optimizer(),
                base.pretrained(), base.schedule(), 0, 0, 1);
        SegmentationTrainer trainer = new SegmentationTrainer();
        TrainingResult stopped = trainer.train(data, names, cases, config, dir.resolve("ckpt"), TrainingListener.NONE);

        List<EpochMetrics> history = stopped.epochs();
        assertTrue(history.size() < config.epochs(), "stopped early: " + history);
        assertTrue(EarlyStopping.stops(history, 1));
        assertFalse(EarlyStopping.stops(history.subList(0, history.size() - 1), 1), "stopped at the first chance");
        byte[] weights = Files.readAllBytes(stopped.lastCheckpoint());
        TrainingResult again = trainer.train(data, names, cases, config, dir.resolve("ckpt"), TrainingListener.NONE);
        assertEquals(history, again.epochs());
        assertArrayEquals(weights, Files.readAllBytes(again.lastCheckpoint()), "no further training");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> trainer.train(data, names, config,
                dir.resolve("no-validation"), TrainingListener.NONE));
        assertTrue(e.getMessage().contains("patience"), e.getMessage());
    }

    @Test
    void anInterruptedRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        assertResumesToTheSameWeights(dir, tinyConfig(3));
    }

    @Test
    void anInterruptedAdamWRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        assertResumesToTheSameWeights(dir, tinyConfig(3, 1e-3, TrainConfig.ADAMW));
    }

    private static void assertResumesToTheSameWeights(Path dir, TrainConfig config) throws Exception {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 10, SIZE, 2);
        List<String> cases = SyntheticSlices.writeVolumes(dir.resolve("data"), 1, 2, SIZE, 8);
        SegmentationTrainer trainer = new SegmentationTrainer();
        TrainingResult straight = trainer.train(dir.resolve("data"), names, cases, config, dir.resolve("a"),
                TrainingListener.NONE);

        TrainingListener crashAfterFirstEpoch = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                throw new IllegalStateException("simulated crash");
            }
        };
        assertThrows(IllegalStateException.class, () -> trainer.train(dir.resolve("data"), names, cases, config,
                dir.resolve("b"), crashAfterFirstEpoch));
        TrainingResult resumed = trainer.train(dir.resolve("data"), names, cases, config, dir.resolve("b"),
                TrainingListener.NONE);

        assertEquals(straight.epochs(), withoutTiming(straight.epochs(), resumed.epochs()));
        assertArrayEquals(Files.readAllBytes(straight.lastCheckpoint()), Files.readAllBytes(resumed.lastCheckpoint()),
                "weights and BN statistics must be identical");
        assertArrayEquals(Files.readAllBytes(straight.bestCheckpoint()), Files.readAllBytes(resumed.bestCheckpoint()));
    }

    /**
     * A sweep's scheduler trains a run in segments between its decisions (epoch 1, then up to 3 of 3): the segments end
     * with the weights and metrics of an uninterrupted run, a segment that starts where it should end trains nothing,
     * and only the final segment reports the run as ended.
     */
    @Test
    void aRunTrainedInSegmentsEndsWithTheWeightsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        List<String> names = SyntheticSlices.write(data, 10, SIZE, 2);
        List<String> cases = SyntheticSlices.writeVolumes(data, 1, 2, SIZE, 8);
        TrainConfig config = tinyConfig(3);
        SegmentationTrainer trainer = new SegmentationTrainer();
        TrainingResult straight = trainer.train(data, names, cases, config, dir.resolve("a"), TrainingListener.NONE);

        TrainingResult first = trainer.trainUntil(1, data, names, cases, config, dir.resolve("b"),
                TrainingListener.NONE);
        byte[] afterFirst = Files.readAllBytes(first.lastCheckpoint());
        TrainingResult again = trainer.trainUntil(1, data, names, cases, config, dir.resolve("b"),
                TrainingListener.NONE);
        assertArrayEquals(afterFirst, Files.readAllBytes(again.lastCheckpoint()), "a segment to where it is: no-op");
        TrainingResult rest = trainer.trainUntil(3, data, names, cases, config, dir.resolve("b"),
                TrainingListener.NONE);

        assertEquals(1, first.epochs().size());
        assertFalse(first.ended());
        assertFalse(again.ended());
        assertTrue(rest.ended());
        assertTrue(straight.ended());
        assertEquals(straight.epochs(), withoutTiming(straight.epochs(), rest.epochs()));
        assertArrayEquals(Files.readAllBytes(straight.lastCheckpoint()), Files.readAllBytes(rest.lastCheckpoint()));
        assertArrayEquals(Files.readAllBytes(straight.bestCheckpoint()), Files.readAllBytes(rest.bestCheckpoint()));
        assertThrows(IllegalArgumentException.class, () -> trainer.trainUntil(4, data, names, cases, config,
                dir.resolve("b"), TrainingListener.NONE));
    }

    @Test
    void aTornLastCheckpointIsIgnoredAndItsEpochRunAgainToTheSameWeights(@TempDir Path dir) throws Exception {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 10, SIZE, 2);
        SegmentationTrainer trainer = new SegmentationTrainer();
        TrainingResult straight = trainer.train(dir.resolve("data"), names, List.of(), tinyConfig(3), dir.resolve("a"),
                TrainingListener.NONE);
        TrainingListener crashAfterSecondEpoch = new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
                if (metrics.epoch() == 1) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        Path torn = dir.resolve("b");
        assertThrows(IllegalStateException.class, () -> trainer.train(dir.resolve("data"), names, List.of(),
                tinyConfig(3), torn, crashAfterSecondEpoch));
        // What a kill between two moves of epoch 2's save leaves: its weights in place, epoch 1's sidecar, no manifest.
        Files.copy(torn.resolve(Checkpoint.PREVIOUS).resolve(Checkpoint.LAST + ".json"),
                torn.resolve(Checkpoint.LAST + ".json"), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(CheckpointManifest.file(torn, Checkpoint.LAST));
        TrainingResult resumed = trainer.train(dir.resolve("data"), names, List.of(), tinyConfig(3), torn,
                TrainingListener.NONE);

        assertEquals(straight.epochs(), withoutTiming(straight.epochs(), resumed.epochs()));
        assertArrayEquals(Files.readAllBytes(straight.lastCheckpoint()), Files.readAllBytes(resumed.lastCheckpoint()),
                "epoch 2 ran again from epoch 1's whole checkpoint");
    }

    @Test
    void refusesToResumeWithAnotherConfiguration(@TempDir Path dir) {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 4, SIZE, 3);
        SegmentationTrainer trainer = new SegmentationTrainer();
        trainer.train(dir.resolve("data"), names, List.of(), tinyConfig(1), dir.resolve("c"), TrainingListener.NONE);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> trainer.train(dir.resolve("data"),
                names, List.of(), tinyConfig(2), dir.resolve("c"), TrainingListener.NONE));
        assertTrue(e.getMessage().contains("empty checkpoint directory"), e.getMessage());
    }

    @Test
    void reportsAMissingSliceByName(@TempDir Path dir) {
        SyntheticSlices.write(dir.resolve("data"), 1, SIZE, 4);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SegmentationTrainer().train(
                dir.resolve("data"), List.of("case9999_slice000"), List.of(), tinyConfig(1), dir.resolve("d"),
                TrainingListener.NONE));
        assertTrue(e.getMessage().contains("case9999_slice000"), e.getMessage());
    }

    @Test
    void rejectsValidationLabelsTheModelHasNoClassFor(@TempDir Path dir) {
        Path data = dir.resolve("data");
        List<String> names = SyntheticSlices.write(data, 2, SIZE, 9);
        Path volume = data.resolve(PreparedDataset.VOLUME_DIR).resolve("case0100.npz");
        byte[] label = new byte[2 * SIZE * SIZE];
        label[5] = 7;
        new TestVolume("case0100", 2, SIZE, SIZE, new float[label.length], label,
                new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}, new double[] {1, 1, 1})
                .write(createParent(volume));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SegmentationTrainer().train(
                data, names, List.of("case0100"), tinyConfig(1), dir.resolve("e"), TrainingListener.NONE));
        assertTrue(e.getMessage().contains("label 7") && e.getMessage().contains("case0100.npz"), e.getMessage());
    }

    @Test
    void stopsWithEpochAndIterationWhenTheLossDiverges(@TempDir Path dir) {
        List<String> names = SyntheticSlices.write(dir.resolve("data"), 10, SIZE, 10);
        TrainConfig exploding = tinyConfig(2, 1e30, TrainConfig.SGD);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new SegmentationTrainer()
                .train(dir.resolve("data"), names, List.of(), exploding, dir.resolve("f"), TrainingListener.NONE));
        assertTrue(e.iteration() >= 1 || e.epoch() >= 1, "the first step runs on finite initial weights");
        assertTrue(e.getMessage().contains("epoch " + e.epoch() + ", iteration " + e.iteration()), e.getMessage());
        Path last = Checkpoint.paramsFile(dir.resolve("f"), Checkpoint.LAST);
        int saved = Files.exists(last) ? Checkpoint.readInfo(last).epochsCompleted() : 0;
        assertEquals(e.epoch(), saved, "the diverged epoch leaves no checkpoint behind");
    }

    private static Path createParent(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    /** Epoch metrics with the wall-clock throughput of {@code actual} replaced by that of {@code expected}. */
    private static List<EpochMetrics> withoutTiming(List<EpochMetrics> expected, List<EpochMetrics> actual) {
        List<EpochMetrics> out = new ArrayList<>();
        for (int i = 0; i < actual.size(); i++) {
            EpochMetrics a = actual.get(i);
            out.add(new EpochMetrics(a.epoch(), a.loss(), a.segLoss(), a.kdIntra(), a.kdInter(), a.learningRate(),
                    expected.get(i).imagesPerSecond(), a.valDice()));
        }
        return out;
    }
}
