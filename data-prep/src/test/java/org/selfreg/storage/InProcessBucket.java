package org.selfreg.storage;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A bucket on a real S3 server ({@link InProcessS3}) for the tests of one class, with a store opened on it:
 * {@code @RegisterExtension static final InProcessBucket s3 = new InProcessBucket("name");} starts both before the
 * class's {@code @BeforeAll} methods and closes them after its last test.
 */
public final class InProcessBucket implements BeforeAllCallback, AfterAllCallback {

    private final String bucket;
    private InProcessS3 server;
    private ObjectStore store;

    public InProcessBucket(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new InProcessS3(bucket);
        store = ObjectStore.open(server.settings());
        store.ensureBucket();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            store.close();
        } finally {
            server.close();
        }
    }

    public ObjectStore store() {
        return store;
    }

    /** Endpoint, credentials and bucket, for code under test that opens its own store. */
    public S3Settings settings() {
        return server.settings();
    }
}
