package org.selfreg.infra.stack;

import org.selfreg.storage.S3Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** AWS SDK clients for tests against a {@link LocalS3Server}. */
final class TestS3Clients {

    private TestS3Clients() {
    }

    static S3Client client(S3Settings settings) {
        return client(settings, settings.secretKey());
    }

    /** A client that signs with {@code secretKey} instead of the server's secret. */
    static S3Client client(S3Settings settings, String secretKey) {
        return S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), secretKey)))
                .forcePathStyle(true)
                .build();
    }
}
