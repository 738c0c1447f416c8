package org.selfreg.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.selfreg.dataprep.InvalidInputException;

/**
 * A bucket of the local S3 server read straight from its store directory, where each object is a plain file at
 * {@code <store>/<bucket>/<key>} (jclouds' filesystem blob store, which S3Proxy serves): lets a command look at what
 * earlier runs left without starting a server.
 */
public final class DirectoryBucket implements ObjectReader {

    private final Path bucketDir;

    /** The bucket {@code bucket} of the store directory {@code storeDir}. */
    public DirectoryBucket(Path storeDir, String bucket) {
        this.bucketDir = storeDir.resolve(bucket).toAbsolutePath().normalize();
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public byte[] getBytes(String key) {
        try {
            return Files.readAllBytes(existing(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(key), e);
        }
    }

    @Override
    public Path getFile(String key, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            return Files.copy(existing(key), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + file(key) + " to " + target, e);
        }
    }

    private Path existing(String key) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no object " + key + " in " + bucketDir);
        }
        return file;
    }

    /** The file of {@code key}; a key that would lead out of the bucket directory is refused. */
    private Path file(String key) {
        Path file = bucketDir.resolve(key).normalize();
        if (!file.startsWith(bucketDir) || file.equals(bucketDir)) {
            throw new InvalidInputException("object key '" + key + "' is not a name inside bucket " + bucketDir);
        }
        return file;
    }
}
