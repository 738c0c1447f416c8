package org.selfreg.workers;

import java.util.Optional;

/**
 * Recognises a task that ran out of memory and says what to change. A retry would run out again at the same point, so
 * such a task ends terminally: the Java heap ({@link OutOfMemoryError}) and native memory, which libtorch reports as
 * an engine error from its CPU allocator ("DefaultCPUAllocator: can't allocate memory", c10/core/impl/alloc_cpu.cpp in
 * the PyTorch repository) or from CUDA ("CUDA out of memory", c10/cuda/CUDACachingAllocator.cpp).
 */
final class MemoryExhaustion {

    /** Where the worker's heap is set: the launcher passes this variable's options after its default -Xmx. */
    static final String JAVA_OPTIONS_VARIABLE = "SELFREG_JAVA_OPTS";

    private MemoryExhaustion() {
    }

    /** The explanation and remedy when {@code failure} (or one of its causes) is memory exhaustion. */
    static Optional<String> advice(Throwable failure, String task) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            String message = String.valueOf(e.getMessage());
            if (e instanceof OutOfMemoryError) {
                return Optional.of(task + " ran out of Java memory (" + message + ", max heap "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): give the worker a larger heap (e.g. "
                        + JAVA_OPTIONS_VARIABLE + "=-Xmx4g), or lower the trial's batchSize, imageSize or baseWidth");
            }
            if (message.contains("CUDA out of memory") || message.contains("CUDA error: out of memory")) {
                return Optional.of(task + " ran out of GPU memory (" + firstLine(message) + "): lower the trial's "
                        + "batchSize, imageSize or baseWidth, or run it on a GPU with more memory");
            }
            if (message.contains("can't allocate memory")) {
                return Optional.of(task + " ran out of native memory (" + firstLine(message) + "): lower the trial's "
                        + "batchSize, imageSize or baseWidth, or run fewer workers on this machine");
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
