package org.selfreg.model;

import java.util.Random;

/**
 * The trainer's own step ({@link TrainingSession}, {@link TrainingStep}: zero_grad, forward, segmentation + SelfReg
 * loss, backward, optimizer update) on one fixed random batch, for benchmarks outside this package. Without the
 * reading, augmentation and checkpoints around it: a 66M-parameter network's checkpoint every few steps would swamp
 * the step a PyTorch reference loop is compared with.
 */
public final class FixedBatchSteps implements AutoCloseable {

    private final TrainingSession session;
    private final TrainingStep step;
    private final Batch batch;

    /** A fresh network of {@code config} on the trainer's device and a batch of {@code config.batchSize()} slices. */
    public FixedBatchSteps(TrainConfig config) {
        Random random = new Random(config.seed());
        session = new TrainingSession(config, 1, RuntimeInfo.preferredDevice(), random);
        step = session.newStep(random);
        batch = randomBatch(config, random);
    }

    private static Batch randomBatch(TrainConfig config, Random random) {
        int pixels = config.batchSize() * config.imageSize() * config.imageSize();
        float[] images = new float[pixels];
        long[] labels = new long[pixels];
        for (int p = 0; p < pixels; p++) {
            images[p] = random.nextFloat();
            labels[p] = random.nextInt(config.classes());
        }
        return new Batch(config.batchSize(), config.imageSize(), images, labels);
    }

    /** One training step (it reads its losses back, so it has finished when this returns). */
    public void run() {
        step.run(batch);
    }

    @Override
    public void close() {
        session.close();
    }
}
