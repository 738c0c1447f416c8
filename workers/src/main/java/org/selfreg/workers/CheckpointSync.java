package org.selfreg.workers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.model.Checkpoint;
import org.selfreg.model.CheckpointManifest;
import org.selfreg.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trial's checkpoints in S3, under a prefix that mirrors the local checkpoint folder, so that a retry on another
 * machine resumes from them. A checkpoint there is whole only with its manifest ({@link CheckpointManifest}).
 *
 * <p>An upload never leaves S3 without a whole checkpoint: it first copies the whole one it replaces (server side) to
 * {@code previous/}, manifest last, then deletes the current manifest, uploads the new files and their manifest last.
 * A manifest in S3 is therefore only ever present beside the files it names; a download still checks every byte.
 */
final class CheckpointSync {

    /**
     * Test hook, milliseconds to sleep after each file of an upload that replaces a checkpoint in S3, before its
     * manifest goes up: widens the window in which a fault test kills the worker in the middle of such an upload
     * (FaultToleranceSystemTest). Unset (0) in production.
     */
    static final String UPLOAD_PAUSE_PROPERTY = "selfreg.test.checkpointUploadPauseMs";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSync.class);
    /** Best before last, the trainer's order: a stop in between replays an epoch that rewrites the same best. */
    private static final List<String> NAMES = List.of(Checkpoint.BEST, Checkpoint.LAST);

    private final ObjectStore store;
    private final String prefix;
    private final long pauseMs = Long.getLong(UPLOAD_PAUSE_PROPERTY, 0);

    /** @param prefix the S3 key prefix of the checkpoints, ending in {@code /} */
    CheckpointSync(ObjectStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** Uploads every checkpoint of {@code dir} that has a manifest and differs from the one in S3. */
    void upload(Path dir) {
        for (String name : NAMES) {
            Path manifestFile = CheckpointManifest.file(dir, name);
            if (Files.exists(manifestFile)) {
                upload(dir, name, readBytes(manifestFile));
            }
        }
    }

    private void upload(Path dir, String name, byte[] manifest) {
        String manifestKey = prefix + manifestFile(name);
        boolean replacing = store.exists(manifestKey);
        if (replacing) {
            byte[] remote = store.getBytes(manifestKey);
            if (Arrays.equals(remote, manifest)) {
                return;
            }
            keepAsPrevious(name, remote);
            store.delete(manifestKey);
        }
        for (CheckpointManifest.Entry file : CheckpointManifest.parse(manifest, dir + "/" + name).files()) {
            store.putFile(prefix + file.name(), dir.resolve(file.name()));
            if (replacing) {
                pauseForTest();
            }
        }
        store.putBytes(manifestKey, manifest, "application/json");
    }

    /** Copies the whole checkpoint {@code name} in S3 (its manifest is there) to {@code previous/}, manifest last. */
    private void keepAsPrevious(String name, byte[] manifest) {
        String previous = prefix + Checkpoint.PREVIOUS + "/";
        store.delete(previous + manifestFile(name));
        String source = store.uri(prefix + manifestFile(name)).toString();
        for (CheckpointManifest.Entry file : CheckpointManifest.parse(manifest, source).files()) {
            store.copy(prefix + file.name(), previous + file.name());
        }
        store.copy(prefix + manifestFile(name), previous + manifestFile(name));
    }

    /**
     * Replaces {@code dir} with the checkpoints in S3: for each name the current generation, or the previous one when
     * the current one is torn there. Every file is checked against its manifest.
     *
     * @return whether a whole {@link Checkpoint#LAST} came back
     */
    boolean restore(Path dir) {
        FileTrees.deleteRecursively(dir);
        for (String name : NAMES) {
            if (download(prefix, dir, name)) {
                continue;
            }
            String previous = prefix + Checkpoint.PREVIOUS + "/";
            if (download(previous, dir.resolve(Checkpoint.PREVIOUS), name)) {
                LOG.warn("Checkpoint '{}' in {} is torn or missing and is ignored (an upload did not finish); "
                        + "restored the previous whole one from {}", name, store.uri(prefix), store.uri(previous));
            } else if (!store.list(prefix + name + ".").isEmpty()) {
                // Files without a manifest, and no previous generation: an upload of the first epoch was cut short.
                LOG.warn("Checkpoint '{}' in {} is torn and has no previous whole generation: it is ignored",
                        name, store.uri(prefix));
            }
        }
        return Checkpoint.whole(dir, Checkpoint.LAST).isPresent();
    }

    /**
     * Downloads checkpoint {@code name} from under {@code from} into {@code target}; whether it arrived whole. A torn
     * one keeps no manifest, so that nothing later takes it for whole.
     */
    private boolean download(String from, Path target, String name) {
        String manifestKey = from + manifestFile(name);
        if (!store.exists(manifestKey)) {
            return false;
        }
        byte[] manifest = store.getBytes(manifestKey);
        String source = store.uri(manifestKey).toString();
        for (CheckpointManifest.Entry file : CheckpointManifest.parse(manifest, source).files()) {
            store.getFile(from + file.name(), target.resolve(file.name()));
        }
        Path manifestFile = CheckpointManifest.file(target, name);
        try {
            Files.write(manifestFile, manifest);
            Optional<String> torn = CheckpointManifest.problem(target, name);
            if (torn.isPresent()) {
                LOG.warn("Checkpoint '{}' in {} is torn and is ignored: {}", name, store.uri(from), torn.get());
                Files.delete(manifestFile);
            }
            return torn.isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + manifestFile, e);
        }
    }

    private void pauseForTest() {
        if (pauseMs > 0) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a checkpoint upload", e);
            }
        }
    }

    private static String manifestFile(String name) {
        return CheckpointManifest.file(Path.of(""), name).toString();
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
