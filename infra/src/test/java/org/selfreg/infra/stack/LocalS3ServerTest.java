package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.storage.DirectoryBucket;
import org.selfreg.storage.S3Settings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class LocalS3ServerTest {

    private static final String BUCKET = "stack-test";

    @TempDir
    Path dir;

    @Test
    void transientStoreServesPutAndGetThroughTheAwsSdk() {
        try (LocalS3Server server = LocalS3Server.start(null, 0, BUCKET);
                S3Client s3 = TestS3Clients.client(server.settings())) {
            S3Settings settings = server.settings();
            assertEquals("127.0.0.1", settings.endpoint().getHost());
            assertEquals(BUCKET, settings.bucket());

            s3.putObject(put -> put.bucket(BUCKET).key("cases/case0001.npz"), RequestBody.fromString("voxels"));

            assertEquals("voxels", s3.getObjectAsBytes(get -> get.bucket(BUCKET).key("cases/case0001.npz"))
                    .asUtf8String());
        }
    }

    @Test
    void filesystemStoreKeepsBucketsAsDirectoriesAcrossRestarts() {
        Path store = dir.resolve("s3");
        String firstAccessKey;
        try (LocalS3Server server = LocalS3Server.start(store, 0, BUCKET);
                S3Client s3 = TestS3Clients.client(server.settings())) {
            firstAccessKey = server.settings().accessKey();
            s3.putObject(put -> put.bucket(BUCKET).key("checkpoints/last.bin"), RequestBody.fromString("weights"));
        }
        assertTrue(Files.isDirectory(store.resolve(BUCKET)));
        DirectoryBucket onDisk = new DirectoryBucket(store, BUCKET);
        assertEquals("weights", new String(onDisk.getBytes("checkpoints/last.bin"), StandardCharsets.UTF_8),
                "each object is a plain file that a dry run reads with no server running");
        assertFalse(onDisk.exists("checkpoints/best.bin"));
        assertThrows(InvalidInputException.class, () -> onDisk.exists("../" + BUCKET + "-other/x"));

        try (LocalS3Server server = LocalS3Server.start(store, 0, BUCKET);
                S3Client s3 = TestS3Clients.client(server.settings())) {
            assertNotEquals(firstAccessKey, server.settings().accessKey(), "credentials are drawn at each start");
            assertEquals("weights", s3.getObjectAsBytes(get -> get.bucket(BUCKET).key("checkpoints/last.bin"))
                    .asUtf8String());
        }
    }

    @Test
    void requestsWithAWrongSecretAreRejected() {
        try (LocalS3Server server = LocalS3Server.start(null, 0, BUCKET);
                S3Client s3 = TestS3Clients.client(server.settings(), "not-the-secret")) {
            S3Exception e = assertThrows(S3Exception.class, () -> s3.headBucket(head -> head.bucket(BUCKET)));
            assertEquals(403, e.statusCode());
        }
    }

    @Test
    void aTakenPortIsReportedBeforeStarting() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            PortInUseException e = assertThrows(PortInUseException.class,
                    () -> LocalS3Server.start(null, holder.getLocalPort(), BUCKET));
            assertEquals(holder.getLocalPort(), e.port());
        }
    }
}
