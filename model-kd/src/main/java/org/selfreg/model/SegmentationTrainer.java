package org.selfreg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.augment.Slice;
import org.selfreg.model.augment.SliceAugmenter;
import org.selfreg.model.optim.ScheduledOptimizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains a {@link Backbones backbone} with the reference recipe: CE + Dice + SelfReg KD, PyTorch-semantics SGD with a
 * per-iteration poly learning rate (or Adam / AdamW, and the schedule the configuration names), reference
 * augmentation, no dropped last batch.
 *
 * <p>After every epoch the network is scored on the validation volumes and the checkpoints are written:
 * {@link Checkpoint#BEST} when the validation Dice improved (every epoch without a validation split), then
 * {@link Checkpoint#LAST} (weights, optimizer, random state). When {@code checkpointDir} already holds a whole
 * ({@link Checkpoint#whole}) {@code last} checkpoint written with the same configuration, training resumes after its
 * epoch and ends with the same weights an uninterrupted run on the same device would have. A fresh run starts from
 * {@link TrainConfig#pretrained()} when it is set ({@link BackboneFactory#afterInitialize}).
 *
 * <p>With a {@link TrainConfig#patience()} the run ends after the first epoch that {@link EarlyStopping} stops at;
 * the rule reads only the metrics history, which the checkpoint holds, so a run resumed after it stopped trains no
 * further.
 */
public final class SegmentationTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTrainer.class);
    /** Batches read ahead of the step: one for the step to take next, one to cover a slow read. */
    private static final int READ_AHEAD_BATCHES = 2;

    private final ValidationDice validationRule;

    /** A trainer that keeps the checkpoint with the best validation Dice by the corrected rule. */
    public SegmentationTrainer() {
        this(ValidationDice.CORRECTED);
    }

    /** A trainer that keeps the checkpoint with the best validation Dice by {@code validationRule}. */
    public SegmentationTrainer(ValidationDice validationRule) {
        this.validationRule = validationRule;
    }

    /** Trains, or resumes, a run without a validation split: the best checkpoint is the last epoch's. */
    public TrainingResult train(Path datasetDir, List<String> trainSlices, TrainConfig config, Path checkpointDir,
                                TrainingListener listener) {
        return train(datasetDir, trainSlices, List.of(), config, checkpointDir, listener);
    }

    /**
     * Trains, or resumes, a run.
     *
     * @param datasetDir    dataset root holding {@code train_npz/<slice>.npz} and {@code test_vol/<case>.npz}
     * @param trainSlices   slice names (without {@code .npz}), e.g. the lines of train.txt
     * @param valCases      validation case names (lines of val.txt); empty when the dataset has no validation split
     * @param config        hyper-parameters
     * @param checkpointDir where the {@code best} and {@code last} checkpoints are written (and resumed from)
     * @param listener      progress callbacks
     * @throws TrainingDivergedException when a step's loss is NaN or infinite
     */
    public TrainingResult train(Path datasetDir, List<String> trainSlices, List<String> valCases, TrainConfig config,
                                Path checkpointDir, TrainingListener listener) {
        return trainUntil(config.epochs(), datasetDir, trainSlices, valCases, config, checkpointDir, listener);
    }

    /**
     * Trains, or resumes, a run up to {@code untilEpoch} completed epochs of the {@code config.epochs()} it is
     * scheduled for (learning rate schedule and all): a segment of the run, as a sweep's scheduler asks for between
     * its decisions. The {@code last} checkpoint a segment leaves resumes to the weights of an uninterrupted run; a
     * segment that starts at or after {@code untilEpoch} trains nothing and reports the checkpoint's state.
     *
     * @param untilEpoch how many epochs the run has completed when this call returns, at most {@code config.epochs()}
     * @see #train(Path, List, List, TrainConfig, Path, TrainingListener)
     */
    public TrainingResult trainUntil(int untilEpoch, Path datasetDir, List<String> trainSlices, List<String> valCases,
                                     TrainConfig config, Path checkpointDir, TrainingListener listener) {
        if (untilEpoch < 1 || untilEpoch > config.epochs()) {
            throw new IllegalArgumentException("untilEpoch " + untilEpoch + " is outside 1.." + config.epochs()
                    + ", the epochs of the run");
        }
        long start = System.nanoTime();
        TrainingSet slices = TrainingSet.open(datasetDir, trainSlices, config.classes(), config.channels());
        Validation validation = Validation.open(datasetDir, valCases, config);
        if (config.patience() > 0 && validation.isEmpty()) {
            throw new InvalidInputException("TrainConfig.patience " + config.patience() + " stops on the validation"
                    + " Dice, but the training run on " + datasetDir + " has no validation cases; prepare the dataset"
                    + " with validation cases or set patience 0");
        }
        int iterationsPerEpoch = (slices.size() + config.batchSize() - 1) / config.batchSize();
        Device device = RuntimeInfo.preferredDevice();
        RuntimeInfo runtime = RuntimeInfo.of(device);
        Path last = Checkpoint.paramsFile(checkpointDir, Checkpoint.LAST);
        // A torn last checkpoint (killed mid-save or mid-download) is skipped for the previous whole one, whose epoch
        // is then run again.
        Optional<Path> resumable = Checkpoint.whole(checkpointDir, Checkpoint.LAST);
        Optional<CheckpointInfo> resumeFrom = resumable.map(whole -> checkpointOf(whole, config));
        // One generator for everything random in a run, the network's drop path included, saved with every
        // checkpoint: it must exist before the network does.
        RunRandom random = resumeFrom.map(info -> RunRandom.fromState(info.randomState()))
                .orElseGet(() -> new RunRandom(config.seed()));
        try (TrainingSession session = new TrainingSession(config, iterationsPerEpoch, device, random);
             SliceReadAhead readAhead = new SliceReadAhead(slices, READ_AHEAD_BATCHES * config.batchSize())) {
            List<EpochMetrics> history = new ArrayList<>();
            if (resumeFrom.isPresent()) {
                resume(resumable.get(), resumeFrom.get(), session, history);
            } else {
                Backbones.factory(config.backbone()).afterInitialize(session.network(), config);
            }
            SliceAugmenter augmenter = new SliceAugmenter(random, config.imageSize());
            TrainingStep step = session.newStep(random);
            LOG.info("Training {} {} on {} slices ({} validation volumes) for epochs {}..{} ({} iterations each) on {}"
                    + " ({} {})", config.backbone(), config.optimizer(), slices.size(), valCases.size(),
                    history.size(), config.epochs() - 1, iterationsPerEpoch, device, runtime.engine(),
                    runtime.engineVersion());
            for (int epoch = history.size(); epoch < untilEpoch
                    && !EarlyStopping.stops(history, config.patience()); epoch++) {
                EpochMetrics trained = runEpoch(epoch, readAhead, slices.size(), config, random, augmenter, step,
                        session.optimizer(), iterationsPerEpoch, listener);
                double valDice = validation.isEmpty() ? Double.NaN : validate(validation, session, device, config);
                EpochMetrics metrics = withValDice(trained, valDice);
                boolean best = validation.isEmpty() || isBest(valDice, history);
                history.add(metrics);
                CheckpointInfo info = new CheckpointInfo(CheckpointInfo.FORMAT_VERSION, config, epoch + 1, runtime,
                        session.optimizer().step(), random.state(), history,
                        CheckpointInfo.Selection.LAST_EPOCH);
                // Best before last: a crash in between replays this epoch, which rewrites the same best weights.
                if (best) {
                    Checkpoint.save(checkpointDir, Checkpoint.BEST, session.network(), session.optimizer(),
                            info.withSelection(validation.isEmpty()
                                    ? CheckpointInfo.Selection.LAST_EPOCH_NO_VALIDATION
                                    : CheckpointInfo.Selection.BEST_VALIDATION_DICE));
                }
                Checkpoint.save(checkpointDir, Checkpoint.LAST, session.network(), session.optimizer(), info);
                LOG.info("Epoch {}/{}: loss {} (seg {}, intra {}, inter {}), lr {}, {} img/s ({} s waiting for slices),"
                        + " val Dice {}{}", epoch + 1, config.epochs(), fmt(metrics.loss()), fmt(metrics.segLoss()),
                        fmt(metrics.kdIntra()), fmt(metrics.kdInter()), fmt(metrics.learningRate()),
                        fmt(metrics.imagesPerSecond()), fmt(readAhead.secondsWaited()), fmt(valDice),
                        best && !validation.isEmpty() ? " (best)" : "");
                listener.onEpoch(metrics);
            }
            boolean stoppedEarly = EarlyStopping.stops(history, config.patience());
            if (stoppedEarly) {
                LOG.info("Stopped early after epoch {}/{}: the best validation Dice was epoch {}'s, more than {} epochs"
                        + " (the patience) before", history.size(), config.epochs(),
                        EarlyStopping.bestEpoch(history), config.patience());
            }
            return new TrainingResult(last, Checkpoint.paramsFile(checkpointDir, Checkpoint.BEST), history,
                    (System.nanoTime() - start) / 1e9, runtime, stoppedEarly || history.size() == config.epochs());
        }
    }

    /**
     * Validation Dice of the network as it is after an epoch. Its arrays live in a base manager of their own, freed
     * when validation ends, so that nothing of it stays attached to the trainer.
     */
    private double validate(Validation validation, TrainingSession session, Device device, TrainConfig config) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            return validation.meanForegroundDice(session.network(), manager, validationRule);
        }
    }

    /** Strictly better than every earlier epoch: ties keep the earlier checkpoint, as the reference's {@code >}. */
    private static boolean isBest(double valDice, List<EpochMetrics> earlier) {
        return earlier.stream().noneMatch(m -> m.valDice() >= valDice);
    }

    private static EpochMetrics withValDice(EpochMetrics m, double valDice) {
        return new EpochMetrics(m.epoch(), m.loss(), m.segLoss(), m.kdIntra(), m.kdInter(), m.learningRate(),
                m.imagesPerSecond(), valDice);
    }

    /**
     * The sidecar of the checkpoint to resume from, which must have been written with the same configuration. The
     * pretrained weights only start a run, and their local copy lives at a machine-specific path: they are left out.
     */
    private static CheckpointInfo checkpointOf(Path last, TrainConfig config) {
        CheckpointInfo info = Checkpoint.readInfo(last);
        TrainConfig written = info.config().withPretrained(TrainConfig.NO_PRETRAINED);
        if (!written.equals(config.withPretrained(TrainConfig.NO_PRETRAINED))) {
            throw new InvalidInputException("checkpoint " + last + " was written with " + info.config()
                    + ", not the requested " + config + "; use an empty checkpoint directory for a new run");
        }
        return info;
    }

    /** Restores weights, optimizer state and metrics history; the random state was restored before the network. */
    private static void resume(Path last, CheckpointInfo info, TrainingSession session, List<EpochMetrics> history) {
        TrainConfig config = info.config();
        Checkpoint.copyWeightsInto(last, session.network(), Backbones.create(config),
                TrainingSession.inputShape(config, 1), session.model().getNDManager());
        Checkpoint.loadOptimizer(last, session.network(), session.optimizer(), info, session.model().getNDManager());
        history.addAll(info.history());
        LOG.info("Resuming from {} after epoch {}", last, info.epochsCompleted());
    }

    private static EpochMetrics runEpoch(int epoch, SliceReadAhead readAhead, int sliceCount, TrainConfig config,
                                         Random random, SliceAugmenter augmenter, TrainingStep step,
                                         ScheduledOptimizer optimizer, int iterationsPerEpoch,
                                         TrainingListener listener) {
        long start = System.nanoTime();
        List<Integer> order = new ArrayList<>(IntStream.range(0, sliceCount).boxed().toList());
        Collections.shuffle(order, random);
        readAhead.start(order);
        double total = 0;
        double segmentation = 0;
        double intra = 0;
        double inter = 0;
        double lastRate = 0;
        for (int iteration = 0; iteration < iterationsPerEpoch; iteration++) {
            int size = Math.min(config.batchSize(), sliceCount - iteration * config.batchSize());
            List<Slice> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(augmenter.augment(readAhead.next()));
            }
            lastRate = optimizer.currentLearningRate();
            StepLosses losses = step.run(Batch.of(batch, config.channels(), config.imageSize()));
            if (!Double.isFinite(losses.total())) {
                throw new TrainingDivergedException(epoch, iteration, losses);
            }
            total += losses.total();
            segmentation += losses.segmentation();
            intra += losses.kdIntra();
            inter += losses.kdInter();
            listener.onIteration(epoch, iteration, iterationsPerEpoch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochMetrics(epoch, total / iterationsPerEpoch, segmentation / iterationsPerEpoch,
                intra / iterationsPerEpoch, inter / iterationsPerEpoch, lastRate, sliceCount / seconds, Double.NaN);
    }

    private static String fmt(double value) {
        return String.format("%.5g", value);
    }
}
