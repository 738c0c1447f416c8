package org.selfreg.workers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.selfreg.dataprep.Sha256;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.tracking.RemoteModels;

/**
 * The models a worker has fetched, kept in its work directory by pinned URI ({@code runs:/RUN_ID} or
 * {@code models:/NAME/VERSION}, whose files never change), so that every batch of a prediction after the first loads
 * the model from disk instead of the artifact store.
 */
final class ModelCache {

    private final Path dir;

    /** @param dir the cache folder, {@code <work dir>/cache/models} */
    ModelCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The model {@code pinnedUri} names, from the cache, or fetched through {@code models} into it.
     *
     * @throws IllegalArgumentException if the URI names an alias, which may move
     */
    synchronized ModelPackage get(String pinnedUri, RemoteModels models) {
        if (pinnedUri.contains("@")) {
            throw new IllegalArgumentException("model " + pinnedUri + " is not pinned to a version: the planning task"
                    + " resolves aliases before the batches start");
        }
        Path folder = folder(pinnedUri);
        if (Files.isDirectory(folder)) {
            return ModelPackage.read(folder).namedBy(pinnedUri);
        }
        return models.download(models.locate(pinnedUri), folder).namedBy(pinnedUri);
    }

    /** The cache folder of a pinned URI: its digest, as names and versions may hold any character. */
    Path folder(String pinnedUri) {
        return dir.resolve(Sha256.of(pinnedUri.getBytes(StandardCharsets.UTF_8)).substring(0, 32));
    }
}
