package org.selfreg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.selfreg.model.testing.DirectMemoryChurn;

/**
 * A trial key must give the same numbers every time, and a resumed trial those of an uninterrupted one. Here a
 * sigmoid-head UNet (GlaS, MoNuSeg) trains a few steps with both SelfReg terms on two libtorch threads, as the
 * launcher runs it on a 2-core machine, twice: once undisturbed, and once while another thread keeps the JVM freeing
 * and handing out direct memory, as a worker's uploads and logging do. Every step's losses and the final weights must
 * agree bit for bit. (GraphLifetimeTest finds the array that breaks this; this test shows what a run would see.)
 */
class TrainingReproducibilityTest {

    private static final int STEPS = 6;
    private static final int SIZE = 32;

    @Test
    void selfRegTrainingIsBitIdenticalOnTwoThreadsWhateverTheGarbageCollectorDoes() {
        Engine.getInstance(); // loads libtorch, which the thread settings call into
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(2);
        try {
            Run undisturbed = train(false);
            Run disturbed = train(true);
            assertArrayEquals(undisturbed.losses(), disturbed.losses(), "losses of every step");
            assertArrayEquals(undisturbed.weights(), disturbed.weights(), "weights after " + STEPS + " steps");
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    /** Every step's total, segmentation, IFD and SCR loss, and the weights at the end. */
    private record Run(double[] losses, float[] weights) {
    }

    private static Run train(boolean churnMeanwhile) {
        TrainConfig config = new TrainConfig(0.3, 0.7, 1, 2, 1e-3, 0.9, 0, 4, 2, SIZE, 5, 0.5, 0.5, Backbones.UNET,
                TrainConfig.ADAM, TrainConfig.NO_PRETRAINED, null, 0, 0, 0, 3, TrainConfig.SIGMOID);
        AtomicBoolean running = new AtomicBoolean(churnMeanwhile);
        Thread churn = new Thread(() -> {
            DirectMemoryChurn memory = new DirectMemoryChurn();
            while (running.get()) {
                // Small buffers: a scalar is a few bytes.
                memory.churn(1, 200, 16).release();
                LockSupport.parkNanos(10_000_000);
            }
        }, "direct-memory-churn");
        Random random = new Random(config.seed());
        try (TrainingSession session = new TrainingSession(config, STEPS, Device.cpu(), random)) {
            TrainingStep step = session.newStep(random);
            Batch batch = randomBatch(config, new Random(11));
            churn.start();
            DoubleStream.Builder losses = DoubleStream.builder();
            for (int i = 0; i < STEPS; i++) {
                StepLosses l = step.run(batch);
                DoubleStream.of(l.total(), l.segmentation(), l.kdIntra(), l.kdInter()).forEach(losses);
            }
            return new Run(losses.build().toArray(), weights(session));
        } finally {
            running.set(false);
            join(churn);
        }
    }

    private static Batch randomBatch(TrainConfig config, Random random) {
        int pixels = config.batchSize() * SIZE * SIZE;
        float[] images = new float[pixels * config.channels()];
        long[] labels = new long[pixels];
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        for (int i = 0; i < pixels; i++) {
            labels[i] = random.nextInt(config.classes());
        }
        return new Batch(config.batchSize(), config.channels(), SIZE, images, labels);
    }

    private static float[] weights(TrainingSession session) {
        int length = 0;
        for (Pair<String, Parameter> p : session.network().getParameters()) {
            length += (int) p.getValue().getArray().size();
        }
        float[] all = new float[length];
        int at = 0;
        for (Pair<String, Parameter> p : session.network().getParameters()) {
            float[] values = p.getValue().getArray().toFloatArray();
            System.arraycopy(values, 0, all, at, values.length);
            at += values.length;
        }
        return all;
    }

    private static void join(Thread thread) {
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the churn thread", e);
        }
    }
}
