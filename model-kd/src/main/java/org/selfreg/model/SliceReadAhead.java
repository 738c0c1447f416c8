package org.selfreg.model;

import org.selfreg.model.augment.Slice;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a {@link TrainingSet}'s slices in an epoch's order on a thread of its own, a bounded number ahead of the
 * training step, so that the step never waits on disk while the heap holds only the slices in flight (nnU-Net's and
 * PyTorch's data loaders do the same with worker processes). Augmentation stays on the training thread: it draws from
 * the run's one generator, in the order that makes a seed reproduce a run.
 */
final class SliceReadAhead implements AutoCloseable {

    private final TrainingSet slices;
    private final int window;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slice-read-ahead");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<Future<Slice>> pending = new ArrayDeque<>();
    private List<Integer> order = List.of();
    private int submitted;
    private long nanosWaited;

    /**
     * @param window how many slices may be read ahead of the one the step takes (two batches keep the disk ahead)
     */
    SliceReadAhead(TrainingSet slices, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the read-ahead window must be positive, got " + window);
        }
        this.slices = slices;
        this.window = window;
    }

    /** Starts reading an epoch's slices in {@code order} (indexes into the training set); drops what is pending. */
    void start(List<Integer> epochOrder) {
        cancelPending();
        order = List.copyOf(epochOrder);
        submitted = 0;
        nanosWaited = 0;
        fill();
    }

    /**
     * The next slice of the epoch's order, waiting for its read if it is not done yet.
     *
     * @throws org.selfreg.dataprep.InvalidInputException (or any other runtime exception) that reading it threw
     */
    Slice next() {
        Future<Slice> head = pending.pollFirst();
        if (head == null) {
            throw new IllegalStateException("all " + order.size() + " slices of the epoch were taken");
        }
        fill();
        long start = System.nanoTime();
        try {
            return head.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("reading a training slice failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a training slice");
        } finally {
            nanosWaited += System.nanoTime() - start;
        }
    }

    /** How long the training thread has waited for slices since the epoch started: 0 when reading keeps ahead. */
    double secondsWaited() {
        return nanosWaited / 1e9;
    }

    private void fill() {
        while (pending.size() < window && submitted < order.size()) {
            int index = order.get(submitted++);
            pending.addLast(reader.submit(() -> slices.read(index)));
        }
    }

    @Override
    public void close() {
        cancelPending();
        reader.shutdownNow();
    }

    private void cancelPending() {
        pending.forEach(future -> future.cancel(true));
        pending.clear();
    }
}
