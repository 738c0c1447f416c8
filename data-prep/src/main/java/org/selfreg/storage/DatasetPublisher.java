package org.selfreg.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves prepared datasets between local disk and S3, content-addressed by digest under {@code datasets/<digest>/}.
 *
 * <p>A dataset counts as published once its {@code manifest.json} exists. The files go straight to their final keys
 * and the manifest last: the digest in the prefix covers every byte, so those keys can only ever hold these bytes, and
 * a staging prefix plus a server-side copy would double the requests for nothing (one request per slice dominates
 * publishing time). An upload that fails removes its files again unless another publisher of the same dataset has
 * finished meanwhile, so nothing partial stays behind; and a fetch checks every file against the manifest. Locally, a
 * dataset counts as fetched once its marker file exists; it is written last, in a staging folder that is then renamed
 * into place.
 */
public final class DatasetPublisher {

    public static final String DATASETS_PREFIX = "datasets/";
    static final String COMPLETE_MARKER = ".complete";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetPublisher.class);
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    /**
     * Uploads the dataset unless {@code datasets/<digest>/manifest.json} already exists.
     *
     * @return {@code s3://bucket/datasets/<digest>/}
     */
    public URI publish(PreparedDataset dataset, ObjectStore store) {
        String prefix = DATASETS_PREFIX + dataset.digest() + "/";
        if (store.exists(prefix + DatasetManifest.FILE_NAME)) {
            LOG.info("Dataset {} is already published at {}", dataset.digest(), store.uri(prefix));
            return store.uri(prefix);
        }
        DatasetManifest manifest = DatasetManifest.read(dataset.dir());
        if (!manifest.digest().equals(dataset.digest())) {
            throw new InvalidInputException(dataset.dir() + " holds dataset " + manifest.digest() + ", not "
                    + dataset.digest() + "; re-run data preparation");
        }
        manifest.verifyFiles(dataset.dir());
        List<String> files = manifest.files();
        String manifestKey = prefix + DatasetManifest.FILE_NAME;
        try {
            Transfers.inParallel(files, f -> store.putFile(prefix + f, dataset.dir().resolve(f)));
        } catch (RuntimeException e) {
            if (!store.exists(manifestKey)) {
                store.deletePrefix(prefix);
            }
            throw e;
        }
        store.putFile(manifestKey, dataset.dir().resolve(DatasetManifest.FILE_NAME));
        LOG.info("Published dataset {} ({} files) at {}", dataset.digest(), files.size() + 1, store.uri(prefix));
        return store.uri(prefix);
    }

    /**
     * Downloads a published dataset into {@code cacheDir/<digest>/} unless it is already complete there, and checks every
     * file against the manifest.
     *
     * @return the local dataset root, ready for {@link PreparedDataset#load(Path)}
     * @throws InvalidInputException if the URI is not a dataset in this bucket, or the download does not match its digest
     */
    public Path fetch(URI datasetUri, ObjectStore store, Path cacheDir) {
        String key = ObjectStore.keyOf(datasetUri, store.settings());
        String prefix = key.endsWith("/") ? key : key + "/";
        String digest = prefix.startsWith(DATASETS_PREFIX)
                ? prefix.substring(DATASETS_PREFIX.length(), prefix.length() - 1) : "";
        if (!DIGEST.matcher(digest).matches()) {
            throw new InvalidInputException(datasetUri + " is not a dataset URI (s3://<bucket>/datasets/<sha256>/)");
        }
        Path target = cacheDir.resolve(digest);
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
            return target;
        }
        if (!store.exists(prefix + DatasetManifest.FILE_NAME)) {
            throw new InvalidInputException(datasetUri + " has no " + DatasetManifest.FILE_NAME
                    + "; the dataset was never published (or is still being published)");
        }
        Path staging = cacheDir.resolve(digest + ".partial-" + UUID.randomUUID());
        try {
            Transfers.downloadPrefix(store, prefix, staging);
            DatasetManifest manifest = DatasetManifest.read(staging);
            if (!manifest.digest().equals(digest)) {
                throw new InvalidInputException(datasetUri + " holds a manifest with digest " + manifest.digest()
                        + "; the published copy is corrupt, publish the dataset again");
            }
            manifest.verifyFiles(staging);
            Files.writeString(staging.resolve(COMPLETE_MARKER), digest);
            if (!Files.exists(target.resolve(COMPLETE_MARKER))) {
                // Whatever is there is an interrupted copy from an older download.
                FileTrees.deleteRecursively(target);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Fetched dataset {} into {}", digest, target);
            }
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            // Another process finished the same download first; its copy is identical by digest.
            LOG.info("Dataset {} was fetched concurrently into {}", digest, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + datasetUri + " into " + target, e);
        } finally {
            FileTrees.deleteRecursively(staging);
        }
        return target;
    }
}
