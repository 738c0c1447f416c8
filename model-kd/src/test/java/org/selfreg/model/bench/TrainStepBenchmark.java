package org.selfreg.model.bench;

import org.selfreg.model.Backbones;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.testing.SyntheticSlices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Training throughput of the full-width UNet_hd at 1x224x224 through the real trainer (augmentation, batch packing,
 * step, per-epoch checkpoints), with and without the SelfReg loss, and resident memory over a long KD run.
 *
 * <p>Usage: {@code TrainStepBenchmark <workDir> <batch sizes, e.g. 8,24> <measured steps> <warm-up steps>
 * <RSS steps>}; 0 steps skips that part. A step's time is the time between two iteration callbacks. The RSS run uses a UNet_hd of width
 * {@value #RSS_WIDTH} at the same size and first batch size: it makes every call a full-width step makes (a leak is per
 * call and per step, not per FLOP) at a speed where 1,000 steps take minutes rather than hours.
 */
public final class TrainStepBenchmark {

    private static final int SIZE = 224;
    private static final int ITERATIONS_PER_EPOCH = 10;
    private static final int FULL_WIDTH = 64;
    private static final int RSS_WIDTH = 8;

    private TrainStepBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        int[] batches = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int steps = Integer.parseInt(args[2]);
        int warmUp = Integer.parseInt(args[3]);
        int rssSteps = Integer.parseInt(args[4]);
        if (steps > 0) {
            measureThroughput(work, batches, steps, warmUp);
        }
        if (rssSteps > 0) {
            measureRss(work, batches[0], rssSteps);
        }
    }

    private static void measureThroughput(Path work, int[] batches, int steps, int warmUp) throws IOException {
        System.out.println("| engine | batch | KD | median ms/step | img/s |");
        System.out.println("|---|---|---|---|---|");
        for (int batch : batches) {
            Path data = work.resolve("data" + batch);
            List<String> slices = SyntheticSlices.write(data, batch * ITERATIONS_PER_EPOCH, SIZE, 1);
            for (boolean kd : new boolean[] {false, true}) {
                List<Long> times = timeSteps(data, slices, config(batch, kd, warmUp + steps, FULL_WIDTH), work,
                        warmUp + steps);
                List<Long> measured = times.subList(warmUp, times.size());
                double median = median(measured) / 1e6;
                System.out.printf("| DJL %s | %d | %s | %.0f | %.2f |%n", "0.33 / libtorch 2.5.1", batch,
                        kd ? "on" : "off", median, batch / (median / 1e3));
            }
        }
    }

    private static TrainConfig config(int batch, boolean kd, int totalSteps, int width) {
        double lambda = kd ? 0.015 : 0;
        int epochs = Math.max(1, (totalSteps + ITERATIONS_PER_EPOCH - 1) / ITERATIONS_PER_EPOCH);
        return new TrainConfig(lambda, lambda, epochs, batch, 0.01, 0.9, 1e-4, width, 9, SIZE, 1234, 0.4, 0.6,
                Backbones.UNET, TrainConfig.SGD);
    }

    /** Nanoseconds of each of {@code steps} steps. */
    private static List<Long> timeSteps(Path data, List<String> slices, TrainConfig config, Path work, int steps)
            throws IOException {
        List<Long> times = new ArrayList<>();
        long[] previous = {System.nanoTime()};
        Path checkpoints = Files.createTempDirectory(work, "ckpt");
        try {
            new SegmentationTrainer().train(data, slices, config, checkpoints, new TrainingListener() {
                @Override
                public void onIteration(int epoch, int iteration, int iterationsPerEpoch) {
                    long now = System.nanoTime();
                    times.add(now - previous[0]);
                    previous[0] = now;
                    if (times.size() >= steps) {
                        throw new Done();
                    }
                }
            });
        } catch (Done done) {
            // the requested number of steps ran
        }
        return times;
    }

    /** RSS every 10 steps of a {@code steps}-step KD run: after the first 10 against the end. */
    private static void measureRss(Path work, int batch, int steps) throws IOException {
        Path data = work.resolve("data" + batch);
        List<String> slices = SyntheticSlices.write(data, batch * ITERATIONS_PER_EPOCH, SIZE, 1);
        List<Long> rss = new ArrayList<>();
        int[] done = {0};
        Path checkpoints = Files.createTempDirectory(work, "rss");
        try {
            new SegmentationTrainer().train(data, slices, config(batch, true, steps, RSS_WIDTH), checkpoints,
                    new TrainingListener() {
                        @Override
                        public void onIteration(int epoch, int iteration, int iterationsPerEpoch) {
                            done[0]++;
                            if (done[0] % 10 == 0) {
                                rss.add(residentKiB());
                            }
                            if (done[0] >= steps) {
                                throw new Done();
                            }
                        }
                    });
        } catch (Done finished) {
            // all steps ran
        }
        if (rss.size() < 2) {
            System.out.printf("RSS: %d steps are too few to sample every 10 steps; ask for more%n", done[0]);
            return;
        }
        // RSS rises while libtorch's and glibc's allocators fill up; a leak (a fixed amount per step) keeps rising in
        // the second half too.
        int half = rss.size() / 2;
        long middle = rss.get(half - 1);
        long last = rss.getLast();
        StringBuilder trace = new StringBuilder();
        for (int step : new int[] {10, 50, 100, 250, 500, 750, 1000}) {
            if (step / 10 <= rss.size()) {
                trace.append(String.format(" %d: %d MiB;", step, rss.get(step / 10 - 1) / 1024));
            }
        }
        System.out.printf("RSS over %d KD steps (width %d, batch %d, %dx%d), MiB at step%s end %d MiB;"
                        + " growth over the second half (from step %d) %.1f%%, from step 10 %.1f%%%n", done[0],
                RSS_WIDTH, batch, SIZE, SIZE, trace, last / 1024, half * 10, 100.0 * (last - middle) / middle,
                100.0 * (last - rss.getFirst()) / rss.getFirst());
    }

    private static long residentKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Ends a benchmark run from inside the trainer's callback. */
    private static final class Done extends RuntimeException {
        Done() {
            super(null, null, false, false);
        }
    }
}
