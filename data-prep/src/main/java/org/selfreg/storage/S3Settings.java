package org.selfreg.storage;

import java.net.URI;
import java.util.Objects;

/**
 * Where the pipeline's objects live: an S3 endpoint (AWS, or any S3-compatible server), its credentials and the bucket.
 *
 * <p>{@link #toString()} never prints the secret, so settings can be logged.
 *
 * @param endpoint  the S3 endpoint, or {@code null} for AWS's default endpoint resolution
 * @param region    the signing region ({@code us-east-1} for local servers)
 * @param accessKey the access key id
 * @param secretKey the secret access key
 * @param bucket    the bucket holding datasets, checkpoints and MLflow artifacts
 */
public record S3Settings(URI endpoint, String region, String accessKey, String secretKey, String bucket) {

    public S3Settings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
    }

    /** The {@code s3://bucket/key} URI of a key in this bucket. */
    public URI uri(String key) {
        return URI.create("s3://" + bucket + "/" + key);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", accessKey=" + accessKey
                + ", secretKey=***, bucket=" + bucket + "]";
    }
}
