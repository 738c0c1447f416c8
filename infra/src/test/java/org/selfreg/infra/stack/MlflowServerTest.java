package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Against a real MLflow server with a real in-process S3 behind it, both started once for the class. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlflowServerTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String BUCKET = "mlflow-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;

    private static LocalS3Server s3;
    private static MlflowServer mlflow;

    @BeforeAll
    static void startServers() {
        s3 = LocalS3Server.start(null, 0, BUCKET);
        mlflow = MlflowServer.start(workDir, 0, s3.settings(), START_TIMEOUT);
    }

    @AfterAll
    static void stopServers() {
        if (mlflow != null) {
            mlflow.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    @Order(1)
    void anExperimentsArtifactsGoToTheBucket() throws IOException, InterruptedException {
        HttpResponse<String> created = Http.postJson(api("experiments/create"), "{\"name\": \"selfreg-sweep\"}");
        assertEquals(200, created.statusCode(), created.body());
        String experimentId = JSON.readTree(created.body()).path("experiment_id").asText();

        HttpResponse<String> fetched = Http.get(api("experiments/get?experiment_id=" + experimentId));
        assertEquals(200, fetched.statusCode(), fetched.body());
        JsonNode experiment = JSON.readTree(fetched.body()).path("experiment");

        assertEquals("selfreg-sweep", experiment.path("name").asText());
        assertEquals("s3://" + BUCKET + "/mlflow/" + experimentId, experiment.path("artifact_location").asText());
        assertTrue(Files.isRegularFile(workDir.resolve("mlflow.db")));
    }

    @Test
    @Order(2)
    void theServerListsArtifactsAClientWroteToS3() throws IOException, InterruptedException {
        String experimentId = JSON.readTree(Http.postJson(api("experiments/create"), "{\"name\": \"artifacts\"}")
                .body()).path("experiment_id").asText();
        JsonNode run = JSON.readTree(Http.postJson(api("runs/create"),
                "{\"experiment_id\": \"" + experimentId + "\"}").body()).path("run").path("info");
        URI artifactUri = URI.create(run.path("artifact_uri").asText());
        assertEquals(BUCKET, artifactUri.getHost());
        try (S3Client client = TestS3Clients.client(s3.settings())) {
            client.putObject(put -> put.bucket(BUCKET).key(artifactUri.getPath().substring(1) + "/checkpoints/last.pt"),
                    RequestBody.fromString("weights"));
        }

        HttpResponse<String> listed = Http.get(api("artifacts/list?run_id=" + run.path("run_id").asText()));

        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode files = JSON.readTree(listed.body()).path("files");
        assertEquals(1, files.size(), listed.body());
        assertEquals("checkpoints", files.get(0).path("path").asText());
        assertTrue(files.get(0).path("is_dir").asBoolean(), listed.body());
    }

    @Test
    @Order(3)
    void theSecretKeyIsNeitherOnACommandLineNorInTheLog() throws IOException {
        String secret = s3.settings().secretKey();

        assertTrue(ProcessHandle.allProcesses().noneMatch(
                process -> process.info().commandLine().orElse("").contains(secret)));
        assertFalse(Files.readString(workDir.resolve("mlflow.log")).contains(secret));
    }

    @Test
    @Order(4)
    void closeStopsTheServerAndItsWorkers() {
        String portArgument = "--port " + mlflow.trackingUri().getPort();
        List<ProcessHandle> serverProcesses = ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(portArgument)).toList();
        assertTrue(serverProcesses.size() >= 2, "the mlflow CLI and its uvicorn worker: " + serverProcesses);

        mlflow.close();

        serverProcesses.forEach(process -> assertFalse(process.isAlive(), "still running: " + process.info()));
    }

    private static URI api(String path) {
        return mlflow.trackingUri().resolve("/api/2.0/mlflow/" + path);
    }
}
