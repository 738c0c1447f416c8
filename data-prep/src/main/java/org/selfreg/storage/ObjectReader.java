package org.selfreg.storage;

import java.nio.file.Path;

/** Read access to the objects of one bucket, by key: an S3 bucket ({@link ObjectStore}) or its files on disk. */
public interface ObjectReader {

    /** Whether an object exists under {@code key}. */
    boolean exists(String key);

    /**
     * The object's bytes.
     *
     * @throws org.selfreg.dataprep.InvalidInputException if the key does not exist
     */
    byte[] getBytes(String key);

    /**
     * Copies an object to {@code target} (parent folders created); the file appears whole or not at all.
     *
     * @throws org.selfreg.dataprep.InvalidInputException if the key does not exist
     */
    Path getFile(String key, Path target);
}
