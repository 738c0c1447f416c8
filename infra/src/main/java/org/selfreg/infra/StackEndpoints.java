package org.selfreg.infra;

import java.net.URI;
import org.selfreg.storage.S3Settings;

/**
 * The three servers a sweep talks to.
 *
 * @param conductorApi the Conductor API base, e.g. {@code http://127.0.0.1:8310/api}
 * @param mlflow       the MLflow tracking server
 * @param s3           the bucket for datasets and artifacts, with its endpoint and credentials
 */
public record StackEndpoints(URI conductorApi, URI mlflow, S3Settings s3) {
}
