package org.selfreg.workers;

import java.net.URI;
import java.nio.file.Path;
import org.selfreg.storage.S3Settings;

/**
 * What every worker needs to reach the stack: the S3 bucket, the MLflow server and a local working directory.
 *
 * @param s3        the bucket for datasets and run artifacts
 * @param mlflowUri the MLflow tracking server
 * @param workDir   local scratch and cache space (datasets are cached here by digest)
 * @param taskLog   where long tasks report progress
 */
public record WorkerContext(S3Settings s3, URI mlflowUri, Path workDir, TaskLog taskLog) {

    /** Local cache of datasets fetched from S3, keyed by digest. */
    public Path datasetCache() {
        return workDir.resolve("cache").resolve("datasets");
    }

    /** Local scratch space of one task attempt. */
    public Path scratch(String name) {
        return workDir.resolve("scratch").resolve(name);
    }
}
