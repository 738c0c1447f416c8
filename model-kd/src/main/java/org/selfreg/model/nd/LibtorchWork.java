package org.selfreg.model.nd;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a piece of libtorch work (a training run, an evaluation) on a thread of its own that ends with it, for callers
 * that live long and call again later, such as a worker's task threads. Two kinds of per-thread state make this matter:
 * <ul>
 *   <li>libtorch's grad mode, on in every new thread. DJL switches it off only on the thread that loads the engine.
 *       Training on any other thread fails ("a leaf Variable that requires grad is being used in an in-place
 *       operation"): a worker whose first task was an evaluation could not train. Evaluation on such a thread
 *       recorded an autograd graph it never used. The thread here switches it off first.</li>
 *   <li>libgomp's thread teams: every thread that ran a parallel op keeps a team until it ends, and with more team
 *       threads than cores all of them sleep at barriers instead of spinning. With the evaluation thread's team kept,
 *       a worker's training used 1.35-1.4 of 2 cores instead of 1.75-1.85 (no difference in speed was measurable at
 *       64², width 16: BENCHMARKS.md, orchestration).</li>
 * </ul>
 */
public final class LibtorchWork {

    private LibtorchWork() {
    }

    /**
     * Runs {@code work} on a new thread named {@code name}, waits for it and returns its result; what {@code work}
     * throws reaches the caller unchanged. A caller interrupted while it waits gets an {@link IllegalStateException};
     * the work still runs to its end, since a native op cannot be stopped halfway.
     */
    public static <T> T onOwnThread(String name, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                Engine.getEngine(PtEngine.ENGINE_NAME); // loads libtorch if this is the first use
                JniUtils.setGradMode(false);
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        if (failure.get() instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure.get() != null) {
            throw (Error) failure.get(); // a Supplier throws nothing checked
        }
        return result.get();
    }
}
