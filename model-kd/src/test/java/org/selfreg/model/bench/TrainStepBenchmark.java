package org.selfreg.model.bench;

import org.selfreg.model.Backbones;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.testing.SyntheticSlices;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Training throughput of the full-width UNet_hd at 1x224x224 through the real trainer (augmentation, batch packing,
 * step, per-epoch checkpoints), with and without the SelfReg loss, against the reference PyTorch step, and resident
 * memory over a long KD run.
 *
 * <p>Usage: {@code TrainStepBenchmark <workDir> <batch sizes, e.g. 8,24> <measured steps> <warm-up steps>
 * <RSS steps> <reference script> [python ...]}; 0 steps skips that part. Our trainer (KD off and on) and the
 * reference on each Python given (KD off and on), each in a {@link StepProcess}, run in turns, one step each per
 * round, so that every engine sees the same machine load. Besides each one's median, the table gives medians of
 * per-round ratios: a paired comparison that the machine's drift from round to round does not reach, and each process's
 * peak resident memory (VmHWM: runtime, libraries and the step's tensors; the JVM's heap included). The RSS run uses
 * a UNet_hd of width {@value #RSS_WIDTH} at the same size and first batch size: it makes every call a full-width step
 * makes (a leak is per call and per step, not per FLOP) at a speed where 1,000 steps take minutes rather than hours.
 */
public final class TrainStepBenchmark {

    private static final int SIZE = 224;
    private static final int ITERATIONS_PER_EPOCH = 10;
    static final int FULL_WIDTH = 64;
    private static final int RSS_WIDTH = 8;

    private TrainStepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int[] batches = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int steps = Integer.parseInt(args[2]);
        int warmUp = Integer.parseInt(args[3]);
        int rssSteps = Integer.parseInt(args[4]);
        Path referenceScript = Path.of(args[5]);
        List<String> pythons = List.of(args).subList(6, args.length);
        if (steps > 0) {
            for (int batch : batches) {
                measureThroughput(work, batch, steps, warmUp, referenceScript, pythons);
            }
        }
        if (rssSteps > 0) {
            measureRss(work, batches[0], rssSteps);
        }
    }

    private static void measureThroughput(Path work, int batch, int steps, int warmUp, Path referenceScript,
                                          List<String> pythons) throws IOException, InterruptedException {
        List<StepProcess> trainers = new ArrayList<>();
        try {
            for (String kd : new String[] {"off", "on"}) {
                trainers.add(new StepProcess(djlServer(work, batch, kd, warmUp + steps), kd.equals("on")));
                for (String python : pythons) {
                    trainers.add(new StepProcess(List.of(python, referenceScript.toString(), Integer.toString(batch),
                            kd), kd.equals("on")));
                }
            }
            runInTurns(trainers, batch, steps, warmUp);
        } finally {
            for (StepProcess trainer : trainers) {
                trainer.close();
            }
        }
    }

    /**
     * Runs {@code warmUp + steps} rounds of one step per trainer, in turns, and prints the table. The trainers come
     * as in {@link #measureThroughput}: the KD-off half, then the KD-on half, each with DJL first.
     */
    static void runInTurns(List<StepProcess> trainers, int batch, int steps, int warmUp) throws IOException {
        long[][] times = new long[trainers.size()][warmUp + steps];
        for (int round = 0; round < warmUp + steps; round++) {
            StringBuilder progress = new StringBuilder();
            for (int t = 0; t < trainers.size(); t++) {
                times[t][round] = trainers.get(t).step();
                progress.append(String.format("; %s KD %s %.1f s", trainers.get(t).engine(),
                        trainers.get(t).kd() ? "on" : "off", times[t][round] / 1e9));
            }
            boolean warming = round < warmUp;
            System.out.printf("batch %d, %s %d/%d%s%n", batch, warming ? "warm-up" : "round",
                    warming ? round + 1 : round - warmUp + 1, warming ? warmUp : steps, progress);
        }
        printResults(batch, trainers, times, warmUp);
    }

    private static List<String> djlServer(Path work, int batch, String kd, int steps) {
        return javaCommand(DjlStepServer.class, work.resolve("djl-kd-" + kd).toString(), Integer.toString(batch), kd,
                Integer.toString(steps));
    }

    /** A JVM like this one (same runtime, flags and classpath) running {@code main} with {@code args}. */
    static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static void printResults(int batch, List<StepProcess> trainers, long[][] times, int warmUp) {
        int rounds = times[0].length - warmUp;
        System.out.println("| engine | batch | KD | median ms/step | img/s | peak RSS MiB |");
        System.out.println("|---|---|---|---|---|---|");
        long[] peaks = new long[trainers.size()];
        for (int t = 0; t < trainers.size(); t++) {
            double median = median(measured(times[t], warmUp)) / 1e6;
            peaks[t] = trainers.get(t).peakResidentKiB();
            System.out.printf("| %s | %d | %s | %.0f | %.2f | %d |%n", trainers.get(t).engine(), batch,
                    trainers.get(t).kd() ? "on" : "off", median, batch / (median / 1e3), peaks[t] / 1024);
        }
        System.out.printf("%n| paired, median over %d rounds | batch %d |%n|---|---:|%n", rounds, batch);
        int half = trainers.size() / 2;
        for (int t = 0; t < half; t++) {
            System.out.printf("| %s: KD overhead (on / off - 1) | %+.1f %% |%n", trainers.get(t).engine(),
                    100 * (pairedRatio(times[t + half], times[t], warmUp) - 1));
        }
        for (int t = 1; t < half; t++) {
            for (int kd = 0; kd < 2; kd++) {
                int reference = t + kd * half;
                System.out.printf("| DJL speed / %s speed, KD %s | %.2f× |%n", trainers.get(t).engine(),
                        kd == 1 ? "on" : "off", pairedRatio(times[reference], times[kd * half], warmUp));
                System.out.printf("| DJL peak RSS / %s peak RSS, KD %s | %.2f× |%n", trainers.get(t).engine(),
                        kd == 1 ? "on" : "off", (double) peaks[kd * half] / peaks[reference]);
            }
        }
    }

    /** The median over the measured rounds of {@code numerator[round] / denominator[round]}. */
    private static double pairedRatio(long[] numerator, long[] denominator, int warmUp) {
        List<Double> ratios = new ArrayList<>();
        for (int round = warmUp; round < numerator.length; round++) {
            ratios.add((double) numerator[round] / denominator[round]);
        }
        return median(ratios);
    }

    private static List<Long> measured(long[] times, int warmUp) {
        return Arrays.stream(times).skip(warmUp).boxed().toList();
    }

    /** Writes the synthetic slices a trainer at {@code batch} cycles through and returns their names. */
    static List<String> writeSlices(Path data, int batch) {
        return SyntheticSlices.write(data, batch * ITERATIONS_PER_EPOCH, SIZE, 1);
    }

    static TrainConfig config(int batch, boolean kd, int totalSteps, int width) {
        double lambda = kd ? 0.015 : 0;
        int epochs = Math.max(1, (totalSteps + ITERATIONS_PER_EPOCH - 1) / ITERATIONS_PER_EPOCH);
        return new TrainConfig(lambda, lambda, epochs, batch, 0.01, 0.9, 1e-4, width, 9, SIZE, 1234, 0.4, 0.6,
                Backbones.UNET, TrainConfig.SGD);
    }

    /** RSS every 10 steps of a {@code steps}-step KD run: after the first 10 against the end. */
    private static void measureRss(Path work, int batch, int steps) throws IOException {
        Path data = work.resolve("data" + batch);
        List<String> slices = writeSlices(data, batch);
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
                                throw new LeaveTrainer();
                            }
                        }
                    });
        } catch (LeaveTrainer finished) {
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
        return statusKiB(ProcessHandle.current().pid(), "VmRSS");
    }

    /** A memory field of {@code /proc/<pid>/status} in KiB, e.g. VmRSS (resident now) or VmHWM (peak resident). */
    static long statusKiB(long pid, String field) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + field + " in " + status);
    }

    private static double median(List<? extends Number> values) {
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
