package org.selfreg.workers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.storage.DatasetPublisher;
import org.selfreg.storage.ObjectStore;

/**
 * A prepared dataset as a worker sees it: fetched once from S3 into the local cache, then read from its split lists.
 */
final class DatasetAccess {

    private final Path dir;

    private DatasetAccess(Path dir) {
        this.dir = dir;
    }

    static DatasetAccess fetch(URI datasetUri, ObjectStore store, WorkerContext context) {
        return new DatasetAccess(new DatasetPublisher().fetch(datasetUri, store, context.datasetCache()));
    }

    Path dir() {
        return dir;
    }

    /** Names listed in {@code lists/<name>.txt}, one per line. */
    List<String> list(String name) {
        Path file = dir.resolve("lists").resolve(name + ".txt");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " is missing: the dataset at " + dir
                    + " was not produced by selfreg_prepare_data; prepare it again");
        }
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
