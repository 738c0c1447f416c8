package org.selfreg.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.SafeNames;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The pipeline's bucket: whole-object puts and gets over the AWS SDK v2, against AWS or an S3-compatible server.
 *
 * <p>Downloads are single GETs, never part-number GETs, which S3Proxy rejects. Checksums are only sent and checked where
 * S3 requires them, since local servers do not store the SDK's newer checksum headers (orchestration.md §S3).
 */
public final class ObjectStore implements ObjectReader, AutoCloseable {

    private static final int MAX_KEYS_PER_DELETE = 1000;
    // The SDK's default (3 attempts within about a second) fails a task, and the training in it, on an S3 server that
    // restarts or a network blip. 10 attempts with backoff up to 5 s ride out 13-26 s; a whole-object PUT retried
    // under the same key leaves no duplicate. No circuit breaker: an outage must not use up the retries of later calls.
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final S3Client s3;
    private final S3Settings settings;

    private ObjectStore(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /** Connects to the endpoint in {@code settings} (path-style) or to AWS when it has none. */
    public static ObjectStore open(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .backoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(FIRST_BACKOFF, MAX_BACKOFF))
                        .circuitBreakerEnabled(false)
                        .build()))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(settings.accessKey() == null
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint()).forcePathStyle(true);
        }
        return new ObjectStore(builder.build(), settings);
    }

    public S3Settings settings() {
        return settings;
    }

    /** Creates the bucket unless it exists. */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            try {
                s3.createBucket(b -> b.bucket(settings.bucket()));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // Another process created it between our check and our create: the bucket exists, as wanted.
            }
        }
    }

    public void putFile(String key, Path file) {
        s3.putObject(b -> b.bucket(settings.bucket()).key(key), RequestBody.fromFile(file));
    }

    public void putBytes(String key, byte[] bytes, String contentType) {
        s3.putObject(b -> b.bucket(settings.bucket()).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    /**
     * Downloads an object to {@code target} (parent folders created); the file appears whole or not at all.
     *
     * @throws InvalidInputException if the key does not exist
     */
    @Override
    public Path getFile(String key, Path target) {
        Path parent = target.toAbsolutePath().getParent();
        Path partial = parent.resolve(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(parent);
            s3.getObject(b -> b.bucket(settings.bucket()).key(key), ResponseTransformer.toFile(partial));
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchKeyException e) {
            throw missing(key, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + uri(key) + " at " + target, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // Best effort: a stray .part file is harmless and named so that nothing reads it.
            }
        }
    }

    /**
     * The object's bytes.
     *
     * @throws InvalidInputException if the key does not exist
     */
    @Override
    public byte[] getBytes(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key));
            return bytes.asByteArray();
        } catch (NoSuchKeyException e) {
            throw missing(key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Every key starting with {@code prefix}, in S3's (lexicographic) order. */
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix))
                .contents().stream().map(S3Object::key).forEach(keys::add);
        return keys;
    }

    /** Server-side copy within the bucket. */
    public void copy(String fromKey, String toKey) {
        s3.copyObject(b -> b.sourceBucket(settings.bucket()).sourceKey(fromKey)
                .destinationBucket(settings.bucket()).destinationKey(toKey));
    }

    /** Deletes one object; deleting one that is not there is no error (S3 semantics). */
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
    }

    /** Deletes every key starting with {@code prefix}, in batches of S3's multi-object delete limit. */
    public void deletePrefix(String prefix) {
        List<String> keys = list(prefix);
        for (int from = 0; from < keys.size(); from += MAX_KEYS_PER_DELETE) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + MAX_KEYS_PER_DELETE))
                    .stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(settings.bucket())
                    .delete(d -> d.objects(batch).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw new IllegalStateException("cannot delete " + response.errors().size() + " objects under "
                        + uri(prefix) + ", first: " + response.errors().getFirst());
            }
        }
    }

    /** The {@code s3://bucket/key} URI of a key. */
    public URI uri(String key) {
        return settings.uri(key);
    }

    /**
     * The key of an {@code s3://bucket/key} URI in the configured bucket.
     *
     * @throws InvalidInputException if the URI is not {@code s3://}, names another bucket or has a {@code .} or
     *                               {@code ..} segment (its key becomes local paths: {@link SafeNames#climbs})
     */
    public static String keyOf(URI s3Uri, S3Settings settings) {
        if (!"s3".equals(s3Uri.getScheme()) || s3Uri.getHost() == null) {
            throw new InvalidInputException(s3Uri + " is not an s3://bucket/key URI");
        }
        if (!s3Uri.getHost().equals(settings.bucket())) {
            throw new InvalidInputException(s3Uri + " is in bucket '" + s3Uri.getHost() + "', but this pipeline uses '"
                    + settings.bucket() + "'; copy the object there or configure that bucket");
        }
        String path = s3Uri.getPath();
        if (SafeNames.climbs(path)) {
            throw new InvalidInputException(s3Uri + " has a '.' or '..' segment, and its key would name something "
                    + "else than it says once it becomes a local path; give the object's plain key");
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }

    @Override
    public void close() {
        s3.close();
    }

    private InvalidInputException missing(String key, Exception cause) {
        return new InvalidInputException(uri(key) + " does not exist; check the URI or publish the object first", cause);
    }
}
