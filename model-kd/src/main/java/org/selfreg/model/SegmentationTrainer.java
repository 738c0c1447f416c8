package org.selfreg.model;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.augment.Slice;
import org.selfreg.model.augment.SliceAugmenter;
import org.selfreg.model.optim.PyTorchSgd;
import org.selfreg.model.unet.UNet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains the SelfReg UNet with the reference Synapse recipe: CE + Dice + SelfReg KD, PyTorch-semantics SGD with a
 * per-iteration poly learning rate, reference augmentation, no dropped last batch.
 *
 * <p>After every epoch the {@code last} checkpoint is rewritten (weights, optimizer, random state). When
 * {@code checkpointDir} already holds one written with the same configuration, training resumes after its epoch and
 * ends with the same weights an uninterrupted run on the same device would have.
 */
public final class SegmentationTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTrainer.class);

    /**
     * Trains, or resumes, a run.
     *
     * @param datasetDir    dataset root holding {@code train_npz/<slice>.npz}
     * @param trainSlices   slice names (without {@code .npz}), e.g. the lines of train.txt
     * @param config        hyper-parameters
     * @param checkpointDir where the {@code last} checkpoint is written (and resumed from)
     * @param listener      progress callbacks
     */
    public TrainingResult train(Path datasetDir, List<String> trainSlices, TrainConfig config, Path checkpointDir,
                                TrainingListener listener) {
        long start = System.nanoTime();
        List<Slice> slices = TrainingSet.load(datasetDir, trainSlices, config.classes());
        int iterationsPerEpoch = (slices.size() + config.batchSize() - 1) / config.batchSize();
        Device device = RuntimeInfo.preferredDevice();
        RuntimeInfo runtime = RuntimeInfo.of(device);
        try (TrainingSession session = new TrainingSession(config, iterationsPerEpoch, device)) {
            Random random = new Random(config.seed());
            List<EpochMetrics> history = new ArrayList<>();
            Path last = Checkpoint.paramsFile(checkpointDir, Checkpoint.LAST);
            if (Files.exists(last)) {
                random = resume(last, config, session, history);
            }
            SliceAugmenter augmenter = new SliceAugmenter(random, config.imageSize());
            TrainingStep step = session.newStep(config, random);
            LOG.info("Training {} slices for epochs {}..{} ({} iterations each) on {} ({} {})", slices.size(),
                    history.size(), config.epochs() - 1, iterationsPerEpoch, device, runtime.engine(),
                    runtime.engineVersion());
            for (int epoch = history.size(); epoch < config.epochs(); epoch++) {
                EpochMetrics metrics = runEpoch(epoch, slices, config, random, augmenter, step, session.optimizer(),
                        iterationsPerEpoch, listener);
                history.add(metrics);
                Checkpoint.save(checkpointDir, Checkpoint.LAST, session.network(), session.optimizer(),
                        new CheckpointInfo(CheckpointInfo.FORMAT_VERSION, config, epoch + 1, runtime,
                                session.optimizer().step(), Checkpoint.encodeRandom(random), history));
                LOG.info("Epoch {}/{}: loss {} (seg {}, intra {}, inter {}), lr {}, {} img/s", epoch + 1,
                        config.epochs(), fmt(metrics.loss()), fmt(metrics.segLoss()), fmt(metrics.kdIntra()),
                        fmt(metrics.kdInter()), fmt(metrics.learningRate()), fmt(metrics.imagesPerSecond()));
                listener.onEpoch(metrics);
            }
            return new TrainingResult(last, history, (System.nanoTime() - start) / 1e9, runtime);
        }
    }

    /** Restores weights, optimizer and random state; returns the restored random source. */
    private static Random resume(Path last, TrainConfig config, TrainingSession session, List<EpochMetrics> history) {
        CheckpointInfo info = Checkpoint.readInfo(last);
        if (!info.config().equals(config)) {
            throw new InvalidInputException("checkpoint " + last + " was written with " + info.config()
                    + ", not the requested " + config + "; use an empty checkpoint directory for a new run");
        }
        Checkpoint.copyWeightsInto(last, session.network(), new UNet(config.unetConfig()),
                new Shape(1, 1, config.imageSize(), config.imageSize()), session.model().getNDManager());
        Checkpoint.loadOptimizer(last, session.network(), session.optimizer(), info, session.model().getNDManager());
        history.addAll(info.history());
        LOG.info("Resuming from {} after epoch {}", last, info.epochsCompleted());
        return Checkpoint.decodeRandom(info.randomState());
    }

    private static EpochMetrics runEpoch(int epoch, List<Slice> slices, TrainConfig config, Random random,
                                         SliceAugmenter augmenter, TrainingStep step, PyTorchSgd optimizer,
                                         int iterationsPerEpoch, TrainingListener listener) {
        long start = System.nanoTime();
        List<Integer> order = new ArrayList<>(IntStream.range(0, slices.size()).boxed().toList());
        Collections.shuffle(order, random);
        double total = 0;
        double segmentation = 0;
        double intra = 0;
        double inter = 0;
        double lastRate = 0;
        for (int iteration = 0; iteration < iterationsPerEpoch; iteration++) {
            int from = iteration * config.batchSize();
            List<Slice> batch = order.subList(from, Math.min(from + config.batchSize(), order.size())).stream()
                    .map(i -> augmenter.augment(slices.get(i))).toList();
            lastRate = optimizer.currentLearningRate();
            StepLosses losses = step.run(Batch.of(batch, config.imageSize()));
            total += losses.total();
            segmentation += losses.segmentation();
            intra += losses.kdIntra();
            inter += losses.kdInter();
            listener.onIteration(epoch, iteration, iterationsPerEpoch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochMetrics(epoch, total / iterationsPerEpoch, segmentation / iterationsPerEpoch,
                intra / iterationsPerEpoch, inter / iterationsPerEpoch, lastRate, slices.size() / seconds);
    }

    private static String fmt(double value) {
        return String.format("%.5g", value);
    }
}
