package org.selfreg.tracking;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to an MLflow server that may be briefly unreachable (a restart, a network blip): writes are buffered in order
 * and replayed once it answers again, reads wait for it, both for at most {@code patience}.
 *
 * <p>Only transient failures are waited out (no connection, 429, 5xx); a 4xx answer is a real error and surfaces at
 * once. A training task that outlives the outage loses no metric; one that ends while MLflow is still away fails after
 * the patience, and Conductor retries it.
 */
final class OutageTolerantCalls {

    private static final Logger LOG = LoggerFactory.getLogger(OutageTolerantCalls.class);
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 5_000;

    private record Write(String what, Runnable call) {
    }

    private final Duration patience;
    private final Deque<Write> pending = new ArrayDeque<>();
    private boolean reportedOutage;

    OutageTolerantCalls(Duration patience) {
        this.patience = patience;
    }

    /** Runs a read, waiting out an outage. */
    <T> T read(String what, Supplier<T> call) {
        long deadline = System.nanoTime() + patience.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                T result = call.get();
                recovered();
                return result;
            } catch (MlflowClientException e) {
                backoff = waitOrThrow(what, e, deadline, backoff);
            }
        }
    }

    /** Queues a write behind the earlier ones and sends what it can now; the rest waits for the next call. */
    void write(String what, Runnable call) {
        pending.addLast(new Write(what, call));
        flush(false);
    }

    /** Sends every buffered write, waiting out an outage; throws when MLflow stays away longer than the patience. */
    void drain() {
        flush(true);
    }

    int pendingWrites() {
        return pending.size();
    }

    private void flush(boolean wait) {
        long deadline = System.nanoTime() + patience.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        while (!pending.isEmpty()) {
            Write next = pending.peekFirst();
            try {
                next.call().run();
                pending.removeFirst();
                recovered();
            } catch (MlflowClientException e) {
                if (!wait && isTransient(e)) {
                    report(e);
                    return;
                }
                backoff = waitOrThrow(next.what(), e, deadline, backoff);
            }
        }
    }

    private long waitOrThrow(String what, MlflowClientException e, long deadline, long backoff) {
        if (!isTransient(e) || System.nanoTime() > deadline) {
            throw e;
        }
        report(e);
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for MLflow (" + what + ")", interrupted);
        }
        return Math.min(MAX_BACKOFF_MS, backoff * 2);
    }

    private void report(MlflowClientException e) {
        if (!reportedOutage) {
            reportedOutage = true;
            LOG.warn("MLflow unreachable ({}); buffering {} write(s) and retrying for up to {}", e.getMessage(),
                    pending.size(), patience);
        }
    }

    private void recovered() {
        if (reportedOutage) {
            reportedOutage = false;
            LOG.info("MLflow reachable again; replaying buffered writes");
        }
    }

    static boolean isTransient(MlflowClientException e) {
        if (e instanceof MlflowHttpException http) {
            return http.getStatusCode() == 429 || http.getStatusCode() >= 500;
        }
        return true;
    }
}
