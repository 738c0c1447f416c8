package org.selfreg.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.selfreg.storage.S3Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server (S3Proxy) inside this JVM on 127.0.0.1, with fresh random credentials and one bucket. The
 * store is either transient (memory, for tests) or a directory on disk in which each bucket is a sub-directory (for
 * local runs whose data should survive a restart).
 */
public final class LocalS3Server implements AutoCloseable {

    /** The signing region S3 clients must use; S3Proxy accepts any, the AWS SDK needs one. */
    public static final String REGION = "us-east-1";

    private static final Logger LOG = LoggerFactory.getLogger(LocalS3Server.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String STARTED = "STARTED";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final S3Settings settings;

    private LocalS3Server(S3Proxy proxy, BlobStore blobStore, S3Settings settings) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.settings = settings;
    }

    /**
     * Starts the server and creates {@code bucket} unless the store already holds it.
     *
     * @param storeDirOrNull the directory holding the buckets, created if missing; {@code null} for a transient store
     * @param port           the port on 127.0.0.1, or 0 for any free one
     */
    public static LocalS3Server start(Path storeDirOrNull, int port, String bucket) {
        return start(storeDirOrNull, port, bucket, randomHex(10), randomHex(20));
    }

    /**
     * Starts a server again where an earlier one with {@code settings} ran (same port, credentials and bucket), over
     * the same store directory: clients configured for the earlier one carry on.
     */
    public static LocalS3Server restart(Path storeDir, S3Settings settings) {
        return start(storeDir, settings.endpoint().getPort(), settings.bucket(), settings.accessKey(),
                settings.secretKey());
    }

    private static LocalS3Server start(Path storeDirOrNull, int port, String bucket, String accessKey,
                                       String secretKey) {
        if (port != 0) {
            Ports.requireFree(port, "S3");
        }
        BlobStore blobStore = createBlobStore(storeDirOrNull, accessKey, secretKey);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + Ports.LOOPBACK_ADDRESS + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // The AWS SDK sends headers (checksums, SDK metadata) that S3Proxy does not know.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            startAndAwait(proxy);
            if (!blobStore.containerExists(bucket)) {
                blobStore.createContainer(bucket);
            }
        } catch (RuntimeException e) {
            stopQuietly(proxy, blobStore, e);
            throw e;
        }
        URI endpoint = URI.create("http://" + Ports.LOOPBACK_ADDRESS + ":" + proxy.getPort());
        LOG.info("S3 (S3Proxy, {} store) listening on {}, bucket {}",
                storeDirOrNull == null ? "transient" : storeDirOrNull.toAbsolutePath(), endpoint, bucket);
        return new LocalS3Server(proxy, blobStore, new S3Settings(endpoint, REGION, accessKey, secretKey, bucket));
    }

    /** Where the server listens, its credentials and the bucket, ready for an S3 client or MLflow. */
    public S3Settings settings() {
        return settings;
    }

    /** Stops the server; with a filesystem store the objects stay on disk. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy on " + settings.endpoint(), e);
        } finally {
            blobStore.close();
        }
    }

    private static BlobStore createBlobStore(Path storeDirOrNull, String accessKey, String secretKey) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", accessKey);
        properties.setProperty("jclouds.credential", secretKey);
        if (storeDirOrNull == null) {
            return BlobStores.create("transient", properties);
        }
        try {
            Files.createDirectories(storeDirOrNull);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 store directory " + storeDirOrNull, e);
        }
        properties.setProperty("jclouds.filesystem.basedir", storeDirOrNull.toAbsolutePath().toString());
        return BlobStores.create("filesystem", properties);
    }

    private static void startAndAwait(S3Proxy proxy) {
        try {
            proxy.start();
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!STARTED.equals(proxy.getState())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ServerStartException("S3Proxy did not start within " + START_TIMEOUT.toSeconds()
                            + " s (state " + proxy.getState() + ")");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while starting S3Proxy", e);
        } catch (ServerStartException e) {
            throw e;
        } catch (Exception e) {
            throw new ServerStartException("cannot start S3Proxy: " + e.getMessage(), e);
        }
    }

    private static void stopQuietly(S3Proxy proxy, BlobStore blobStore, RuntimeException failure) {
        try {
            proxy.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
        blobStore.close();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().withUpperCase().formatHex(random);
    }
}
