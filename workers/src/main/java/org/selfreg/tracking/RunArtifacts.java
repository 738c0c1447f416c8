package org.selfreg.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.selfreg.storage.ObjectStore;

/**
 * Writes a run's artifacts to S3 under the run's artifact URI, where the MLflow UI lists them.
 *
 * <p>This replaces the MLflow Java client's artifact calls, which fork a Python CLI.
 */
public final class RunArtifacts {

    private final ObjectStore store;

    public RunArtifacts(ObjectStore store) {
        this.store = store;
    }

    /** Uploads one file to {@code <artifactUri>/<relativePath>} and returns its URI. */
    public URI upload(RunRef run, String relativePath, Path file) {
        String key = keyOf(run, relativePath);
        store.putFile(key, file);
        return store.uri(key);
    }

    /** Uploads every regular file under {@code dir} to {@code <artifactUri>/<relativeDir>/...}; returns that prefix. */
    public URI uploadTree(RunRef run, String relativeDir, Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
            for (Path file : regular) {
                upload(run, relativeDir + "/" + dir.relativize(file).toString().replace('\\', '/'), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " for upload", e);
        }
        return store.uri(keyOf(run, relativeDir));
    }

    private String keyOf(RunRef run, String relativePath) {
        return ObjectStore.keyOf(run.artifactUri(), store.settings()) + "/" + relativePath;
    }
}
