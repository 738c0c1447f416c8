package org.selfreg.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.selfreg.model.TrainingListener;

/**
 * Follows a training run iteration by iteration: the step's wall time, this JVM's peak resident set during it, its
 * memory after it and the machine's load, as a log line and a table row. After the iterations wanted it ends the run
 * by throwing {@link Enough} from the callback, the trainer's only way out before the epoch ends (a Synapse epoch is
 * 93 steps of about 30 s on 2 cores).
 */
final class TrainingMemoryLog implements TrainingListener {

    /** Ends the run; no stack trace: it is not an error. */
    static final class Enough extends RuntimeException {

        private Enough() {
            super(null, null, false, false);
        }
    }

    private record Iteration(int number, double seconds, long peakKiB, MemorySample memory, String load) {

        long peakMiB() {
            return peakKiB >> 10;
        }
    }

    private final int wanted;
    private final List<Iteration> iterations = new ArrayList<>();
    private int iterationsPerEpoch;
    private long previous = System.nanoTime();

    /** Starts the clock of the first iteration, which therefore includes building the network and the first reads. */
    TrainingMemoryLog(int wanted) {
        if (wanted < 1) {
            throw new IllegalArgumentException("at least one iteration is needed, got " + wanted);
        }
        this.wanted = wanted;
    }

    @Override
    public void onIteration(int epoch, int iteration, int perEpoch) {
        long now = System.nanoTime();
        Iteration done = new Iteration(iterations.size() + 1, (now - previous) / 1e9, MemorySample.resetPeakKiB(),
                MemorySample.now(), loadAverage());
        previous = now;
        iterationsPerEpoch = perEpoch;
        iterations.add(done);
        System.out.printf(Locale.ROOT, "iteration %d/%d: %.1f s, peak RSS %,d MiB, then RSS %,d MiB, heap used %,d of"
                        + " %,d MiB committed, load %s%n", done.number(), wanted, done.seconds(), done.peakMiB(),
                done.memory().rssMiB(), done.memory().heapUsedMiB(), done.memory().heapCommittedMiB(), done.load());
        if (iterations.size() >= wanted) {
            throw new Enough();
        }
    }

    /** The series as a Markdown table. */
    String table() {
        StringBuilder table = new StringBuilder("| iteration | step s | peak RSS in the iteration MiB | RSS after MiB"
                + " | heap used MiB | heap committed MiB | RSS after − heap committed MiB | load (1 min) |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Iteration it : iterations) {
            MemorySample m = it.memory();
            table.append(String.format(Locale.ROOT, "| %d | %.1f | %,d | %,d | %,d | %,d | %,d | %s |%n", it.number(),
                    it.seconds(), it.peakMiB(), m.rssMiB(), m.heapUsedMiB(), m.heapCommittedMiB(), m.outsideHeapMiB(),
                    it.load()));
        }
        return table.toString();
    }

    /**
     * Steps, median step time and how the peak and the RSS after a step moved. Iteration 1 is left out: it includes
     * the set-up, and the allocators grow during it; a leak shows as a rise from iteration 2 on.
     */
    String summary(int batchSize, int slices) {
        if (iterations.isEmpty()) {
            return "no iteration finished";
        }
        List<Iteration> steady = iterations.size() > 1 ? iterations.subList(1, iterations.size()) : iterations;
        double[] seconds = steady.stream().mapToDouble(Iteration::seconds).sorted().toArray();
        double median = (seconds[(seconds.length - 1) / 2] + seconds[seconds.length / 2]) / 2;
        Iteration first = steady.getFirst();
        Iteration last = steady.getLast();
        long maxHeapUsed = iterations.stream().mapToLong(it -> it.memory().heapUsedMiB()).max().orElseThrow();
        return String.format(Locale.ROOT, "%d iterations of batch %d (%d per epoch) over %,d slices read from disk;"
                        + " median step %.1f s; iteration %d → %d: peak RSS in the iteration %,d → %,d MiB, RSS"
                        + " after it %,d → %,d MiB; heap used at most %,d MiB", iterations.size(), batchSize,
                iterationsPerEpoch, slices, median, first.number(), last.number(), first.peakMiB(), last.peakMiB(),
                first.memory().rssMiB(), last.memory().rssMiB(), maxHeapUsed);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/loadavg", e);
        }
    }
}
