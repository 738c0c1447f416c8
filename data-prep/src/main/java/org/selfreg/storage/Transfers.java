package org.selfreg.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.SafeNames;

/** Parallel transfers between S3 and local disk; a few concurrent requests hide per-request latency. */
public final class Transfers {

    private static final int PARALLEL_TRANSFERS = 8;

    private Transfers() {
    }

    /**
     * Downloads every object under {@code prefix} to the same relative path under {@code dir}.
     *
     * @throws InvalidInputException if a key would land outside {@code dir} ({@link SafeNames#under}), or nothing is
     *                               there
     */
    public static void downloadPrefix(ObjectStore store, String prefix, Path dir) {
        List<String> keys = store.list(prefix);
        if (keys.isEmpty()) {
            throw new InvalidInputException(store.uri(prefix) + " holds no objects; check the URI");
        }
        // Check every key before the first download, so that a hostile listing writes nothing at all.
        List<Path> targets = keys.stream()
                .map(key -> SafeNames.under(dir, key.substring(prefix.length()), "S3 object " + store.uri(key)))
                .toList();
        inParallel(IntStream.range(0, keys.size()).boxed().toList(),
                i -> store.getFile(keys.get(i), targets.get(i)));
    }

    /** Runs {@code action} on every item, several at a time; the first failure is rethrown. */
    static <T> void inParallel(List<T> items, Consumer<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_TRANSFERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("transfer failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during transfer", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
