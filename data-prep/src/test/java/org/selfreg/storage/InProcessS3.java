package org.selfreg.storage;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server (S3Proxy, transient store) on 127.0.0.1 and a free port, for tests that need S3 (never a mock).
 * Shared with downstream modules' tests through data-prep's test-jar.
 */
public final class InProcessS3 implements AutoCloseable {

    private static final String ACCESS_KEY = "test-access";
    private static final String SECRET_KEY = "test-secret-key";

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final S3Settings settings;

    /** Starts the server; {@link #settings()} names {@code bucket}, which the test creates through its store. */
    public InProcessS3(String bucket) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        blobStore = BlobStores.create("transient", properties);
        proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        settings = new S3Settings(URI.create("http://127.0.0.1:" + proxy.getPort()), "us-east-1", ACCESS_KEY,
                SECRET_KEY, bucket);
    }

    /** Endpoint, credentials and bucket for {@code ObjectStore.open}. */
    public S3Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        } finally {
            blobStore.close();
        }
    }
}
