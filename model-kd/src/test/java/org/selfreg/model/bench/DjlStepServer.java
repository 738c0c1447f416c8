package org.selfreg.model.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainingListener;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Our real trainer (augmentation, batch packing, step, per-epoch checkpoints) held between steps in its iteration
 * callback, driven by {@link TrainStepBenchmark} through {@link StepProcess}: prints the engine, then runs a step per
 * line read and prints its seconds, from the line to the next callback (so a step includes the trainer's work between
 * two optimiser steps). On a GPU a step ends when the work it queued there has finished: the trainer waits for its
 * forward pass (it reads the losses) but leaves backward and update queued, which would otherwise run on into the next
 * process's turn. Ends at end of input.
 *
 * <p>Usage: {@code DjlStepServer <work dir> <batch> <on|off> <steps>}.
 */
public final class DjlStepServer {

    private DjlStepServer() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        boolean kd = args[2].equals("on");
        int steps = Integer.parseInt(args[3]);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Path data = Files.createDirectories(work.resolve("data" + batch));
        List<String> slices = TrainStepBenchmark.writeSlices(data, batch);
        TrainConfig config = TrainStepBenchmark.config(batch, kd, steps, TrainStepBenchmark.FULL_WIDTH);
        System.out.println("DJL 0.33 / libtorch 2.5.1");
        if (commands.readLine() == null) {
            return;
        }
        // The trainer's device rule (RuntimeInfo.preferredDevice).
        Device gpu = Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : null;
        long[] stepStart = {System.nanoTime()};
        try {
            new SegmentationTrainer().train(data, slices, config, Files.createTempDirectory(work, "ckpt"),
                    new TrainingListener() {
                        @Override
                        public void onIteration(int epoch, int iteration, int iterationsPerEpoch) {
                            if (gpu != null) {
                                awaitQueuedWork(gpu);
                            }
                            System.out.println((System.nanoTime() - stepStart[0]) / 1e9);
                            if (nextLine(commands) == null) {
                                throw new LeaveTrainer();
                            }
                            stepStart[0] = System.nanoTime();
                        }
                    });
            throw new IllegalStateException("the trainer ran out of its " + steps + " steps; ask for fewer");
        } catch (LeaveTrainer done) {
            // the benchmark has all the steps it asked for
        }
    }

    /** Waits for the work queued on {@code gpu}: a copy to the host waits for all earlier work on the stream. */
    private static void awaitQueuedWork(Device gpu) {
        try (NDManager manager = NDManager.newBaseManager(gpu)) {
            manager.zeros(new Shape(1)).getFloat();
        }
    }

    private static String nextLine(BufferedReader commands) {
        try {
            return commands.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
