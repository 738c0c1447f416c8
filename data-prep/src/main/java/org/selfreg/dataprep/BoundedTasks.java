package org.selfreg.dataprep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;

/**
 * Hands one producer's tasks to a shared executor with at most {@code limit} of them queued or running at once: a
 * producer that outruns the executor waits rather than filling the heap with work. Results come back in submission
 * order; a failed task stops the producer at its next submission.
 */
final class BoundedTasks<T> {

    private final Executor executor;
    private final Semaphore slots;
    private final List<Future<T>> futures = new ArrayList<>();
    private volatile boolean failed;

    BoundedTasks(Executor executor, int limit) {
        this.executor = executor;
        this.slots = new Semaphore(limit);
    }

    /** Runs {@code task} once a slot is free. */
    void submit(Callable<T> task) {
        if (failed) {
            results();
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for earlier tasks", e);
        }
        FutureTask<T> future = new FutureTask<>(() -> {
            try {
                return task.call();
            } catch (Exception | Error e) {
                failed = true;
                throw e;
            } finally {
                slots.release();
            }
        });
        futures.add(future);
        executor.execute(future);
    }

    /** Waits for every task; rethrows the first failure in submission order. The list is the caller's to extend. */
    List<T> results() {
        List<T> results = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            cancel();
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("task failed", e.getCause());
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tasks", e);
        }
        return results;
    }

    /** Cancels the tasks not yet finished, after the producer failed. */
    void cancel() {
        futures.forEach(f -> f.cancel(true));
    }
}
