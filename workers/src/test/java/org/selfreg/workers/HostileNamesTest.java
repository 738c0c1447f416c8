package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetLists;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.Sha256;
import org.selfreg.storage.DatasetPublisher;
import org.selfreg.storage.InProcessBucket;
import org.selfreg.storage.S3Settings;

/**
 * Names from outside (a task input, a list file, a manifest in S3, a URI) are names, not paths: each hostile one ends
 * the task terminally (or in {@link InvalidInputException}) and nothing is written outside the worker's folders. S3
 * is a real in-process server; MLflow a listening socket that must never see a connection.
 */
class HostileNamesTest {

    @RegisterExtension
    static final InProcessBucket S3 = new InProcessBucket("bucket");
    @TempDir
    static Path shared;
    static PreparedDataset dataset;
    static URI datasetUri;

    @TempDir
    Path tmp;

    @BeforeAll
    static void publishADataset() {
        dataset = TinyDataset.prepare(shared, 3, 1);
        datasetUri = new DatasetPublisher().publish(dataset, S3.store());
    }

    @Test
    void aTrialKeyThatIsAPathFailsTerminally() throws IOException {
        for (String trialKey : List.of("../x", "/tmp/x", "a/b", "..")) {
            Path work = tmp.resolve("work-" + trialKey.hashCode());
            TaskResult result = train(work, Map.of("trialKey", trialKey));
            assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus(), trialKey);
            assertTrue(result.getReasonForIncompletion().contains("trialKey"), result.getReasonForIncompletion());
            assertNothingWrittenOutside(work);
        }
    }

    @Test
    void pretrainedWeightsOrADatasetNamedByAClimbingUriFailTerminally() throws IOException {
        for (Map<String, Object> input : List.of(
                Map.<String, Object>of("trial", Map.of("pretrained", "s3://bucket/../x.npz")),
                Map.<String, Object>of("trial", Map.of("pretrained", "s3://bucket/pretrained/../../x.npz")),
                Map.<String, Object>of("datasetUri", "s3://bucket/datasets/../x/"))) {
            Path work = tmp.resolve("work-" + input.hashCode());
            TaskResult result = train(work, input);
            assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus(), input.toString());
            assertTrue(result.getReasonForIncompletion().contains("'..' segment"), result.getReasonForIncompletion());
            assertNothingWrittenOutside(work);
        }
    }

    @Test
    void aCheckpointUriThatClimbsFailsEvaluationTerminally() throws IOException {
        Path work = tmp.resolve("work");
        Task task = task(Map.of("runId", "r", "datasetUri", datasetUri.toString(),
                "checkpointUri", "s3://bucket/../x/best.params"));
        TaskResult result = withMlflowSocket(work, context -> new EvaluateWorker(context).execute(task));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        assertTrue(result.getReasonForIncompletion().contains("'..' segment"), result.getReasonForIncompletion());
        assertNothingWrittenOutside(work);
    }

    @Test
    void aListLineThatIsAPathFailsTerminallyEvenInAConsistentlySignedDataset() throws IOException {
        // Someone publishes a dataset whose manifest and lists agree (so the digest checks out) and name a path.
        Path hostile = tmp.resolve("hostile");
        copyTree(dataset.dir(), hostile);
        List<String> slices = List.of("../../etc/passwd");
        DatasetLists.write(hostile.resolve(PreparedDataset.LIST_DIR).resolve(DatasetLists.TRAIN), slices);
        DatasetManifest original = DatasetManifest.read(dataset.dir());
        Map<String, String> lists = new LinkedHashMap<>(original.lists());
        String train = PreparedDataset.LIST_DIR + "/" + DatasetLists.TRAIN;
        lists.put(train, Sha256.of(hostile.resolve(train)));
        DatasetManifest forged = new DatasetManifest(original.format(), original.config(), original.description(),
                slices, original.valCases(), original.testCases(), original.entries(), lists);
        forged.write(hostile);
        URI hostileUri = new DatasetPublisher().publish(new PreparedDataset(hostile, forged.digest(), slices,
                original.valCases(), original.testCases(), original.description()), S3.store());

        Path work = tmp.resolve("work");
        TaskResult result = train(work, Map.of("datasetUri", hostileUri.toString()));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        assertTrue(result.getReasonForIncompletion().contains("../../etc/passwd")
                && result.getReasonForIncompletion().contains(DatasetLists.TRAIN), result.getReasonForIncompletion());
        assertNothingWrittenOutside(work);
    }

    @Test
    void aListFileReplacedInTheBucketDoesNotMatchTheDigest() throws IOException {
        String key = "datasets/" + dataset.digest() + "/" + PreparedDataset.LIST_DIR + "/" + DatasetLists.TRAIN;
        byte[] published = S3.store().getBytes(key);
        S3.store().putBytes(key, "../../etc/passwd\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        try {
            Path work = tmp.resolve("work");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> DatasetAccess.fetch(datasetUri, S3.store(), context(work, URI.create("http://127.0.0.1:1"))));
            assertTrue(e.getMessage().contains(DatasetLists.TRAIN) && e.getMessage().contains("checksum"),
                    e.getMessage());
            assertNothingWrittenOutside(work);
        } finally {
            S3.store().putBytes(key, published, "text/plain");
        }
    }

    @Test
    void aCheckpointManifestInTheBucketNamingAPathIsRefusedBeforeAnyDownload() throws IOException {
        String prefix = "runs/hostile/checkpoints/";
        S3.store().putBytes(prefix + "last.manifest.json", ("{\"formatVersion\":4,\"epochsCompleted\":1,\"files\":"
                + "[{\"name\":\"../../escaped\",\"sha256\":\"00\",\"size\":1}]}").getBytes(StandardCharsets.UTF_8),
                "application/json");
        Path work = tmp.resolve("work");
        Path checkpoints = work.resolve("trials").resolve("0123456789abcdef");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new CheckpointSync(S3.store(), prefix).restore(checkpoints));
        assertTrue(e.getMessage().contains("../../escaped"), e.getMessage());
        assertNothingWrittenOutside(checkpoints);
        assertFalse(Files.exists(work.resolve("escaped")));
    }

    /** Nothing but {@code root} itself appeared beside it or above it in the test's folder. */
    private void assertNothingWrittenOutside(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            List<Path> outside = files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(root) && !f.startsWith(tmp.resolve("hostile"))).toList();
            assertEquals(List.of(), outside, "written outside " + root);
        }
    }

    private TaskResult train(Path work, Map<String, Object> overrides) throws IOException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("trialKey", "0123456789abcdef");
        input.put("trial", Map.of("epochs", 1, "baseWidth", 4, "imageSize", 32));
        input.put("datasetUri", datasetUri.toString());
        input.put("experimentId", "1");
        input.put("parentRunId", "p");
        input.putAll(overrides);
        Task task = task(input);
        return withMlflowSocket(work, context -> new TrainWorker(context).execute(task));
    }

    private interface Execution {
        TaskResult run(WorkerContext context);
    }

    /** Runs a worker whose MLflow is a socket that must see no connection: every case fails before a run is opened. */
    private static TaskResult withMlflowSocket(Path work, Execution execution) throws IOException {
        try (ServerSocket mlflow = new ServerSocket(0)) {
            TaskResult result = execution.run(context(work, URI.create("http://127.0.0.1:" + mlflow.getLocalPort())));
            mlflow.setSoTimeout(50);
            assertThrows(SocketTimeoutException.class, mlflow::accept, "MLflow may not be contacted");
            return result;
        }
    }

    private static WorkerContext context(Path work, URI mlflow) {
        S3Settings s3 = S3.settings();
        return new WorkerContext(s3, mlflow, work, TaskLog.NONE);
    }

    private static Task task(Map<String, Object> input) {
        Task task = new Task();
        task.setTaskId("t1");
        task.setWorkflowInstanceId("w1");
        task.setStatus(Task.Status.IN_PROGRESS);
        task.setInputData(new LinkedHashMap<>(input));
        return task;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
