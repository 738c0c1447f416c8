package org.selfreg.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.selfreg.dataprep.InvalidInputException;

/** Parallel transfers between S3 and local disk; a few concurrent requests hide per-request latency. */
public final class Transfers {

    private static final int PARALLEL_TRANSFERS = 8;

    private Transfers() {
    }

    /**
     * Downloads every object under {@code prefix} to the same relative path under {@code dir}.
     *
     * @throws InvalidInputException if a key would land outside {@code dir} (e.g. {@code ../}), or nothing is there
     */
    public static void downloadPrefix(ObjectStore store, String prefix, Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        List<String> keys = store.list(prefix);
        if (keys.isEmpty()) {
            throw new InvalidInputException(store.uri(prefix) + " holds no objects; check the URI");
        }
        inParallel(keys, key -> store.getFile(key, localPath(root, key.substring(prefix.length()), store.uri(key))));
    }

    /**
     * Where an object whose key ends in {@code relative} lands under {@code root} (absolute and normalised).
     *
     * @throws InvalidInputException if it would land outside {@code root} ({@code ../}, an absolute path) or on it
     */
    static Path localPath(Path root, String relative, URI source) {
        Path local = root.resolve(relative).normalize();
        if (!local.startsWith(root) || local.equals(root)) {
            throw new InvalidInputException(source + " would be written outside " + root
                    + "; the bucket holds an unsafe key, remove it");
        }
        return local;
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
