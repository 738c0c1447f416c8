package org.selfreg.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's memory at one moment: its resident set now and at its peak (Linux's {@code /proc/self/status}) and its
 * Java heap. What the resident set holds beyond the committed heap is native memory: libtorch's tensors and allocator
 * caches, glibc's arenas, the JVM's metaspace, code cache and thread stacks.
 *
 * @param peakRssKiB the JVM's peak since it started, peaks cleared by {@link #resetPeakKiB()} included
 */
record MemorySample(long rssKiB, long peakRssKiB, long heapUsedBytes, long heapCommittedBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    /** The Linux request to start the peak ({@code VmHWM}) over from the current resident set. */
    private static final String RESET_PEAK = "5";

    /** The highest peak that {@link #resetPeakKiB()} cleared. */
    private static long clearedPeakKiB;

    static MemorySample now() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        String status = status();
        return new MemorySample(kiB(status, "VmRSS:"), Math.max(kiB(status, "VmHWM:"), clearedPeakKiB), heap.getUsed(),
                heap.getCommitted());
    }

    /**
     * The peak resident set since the previous reset (or the start), which then starts over: training's memory peaks
     * inside a step and falls back before the step's callback, so only a peak per step shows whether the steps grow.
     */
    static long resetPeakKiB() {
        long peak = kiB(status(), "VmHWM:");
        clearedPeakKiB = Math.max(clearedPeakKiB, peak);
        try {
            Files.writeString(CLEAR_REFS, RESET_PEAK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the peak RSS through " + CLEAR_REFS, e);
        }
        return peak;
    }

    private static String status() {
        try {
            return Files.readString(STATUS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS + " (the benchmark needs Linux)", e);
        }
    }

    long rssMiB() {
        return rssKiB >> 10;
    }

    long peakRssMiB() {
        return peakRssKiB >> 10;
    }

    long heapUsedMiB() {
        return heapUsedBytes >> 20;
    }

    long heapCommittedMiB() {
        return heapCommittedBytes >> 20;
    }

    /** Resident memory outside the Java heap; a lower bound, since the committed heap need not all be resident. */
    long outsideHeapMiB() {
        return rssMiB() - heapCommittedMiB();
    }

    private static long kiB(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + field + " in " + STATUS);
    }
}
