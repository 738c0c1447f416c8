package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;
import org.selfreg.storage.InProcessBucket;
import org.selfreg.storage.ObjectStore;

/** {@link PrepareDataWorker} on hand-built tasks against a real in-process S3 server; it never calls MLflow. */
class PrepareDataWorkerTest {

    private static final String BUCKET = "pipeline";

    @RegisterExtension
    static final InProcessBucket s3 = new InProcessBucket(BUCKET);
    static ObjectStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        store = s3.store();
    }

    @Test
    void syntheticInputIsPublishedOnceAndRecognisedAfterwards() {
        Map<String, Object> dataset = Map.of("source", "synthetic", "cases", 4, "size", 16, "minSlices", 4,
                "maxSlices", 5, "seed", 7, "valCases", 1, "testCases", 1);
        TaskResult first = execute("t1", dataset);
        assertEquals(TaskResult.Status.COMPLETED, first.getStatus(), first.getReasonForIncompletion());
        Map<String, Object> out = first.getOutputData();
        assertEquals(false, out.get("reused"));
        assertEquals(9, out.get("classes"));
        assertEquals(1, ((List<?>) out.get("valCases")).size());
        String digest = (String) out.get("datasetDigest");
        assertEquals("s3://" + BUCKET + "/datasets/" + digest + "/", out.get("datasetUri"));
        assertTrue(store.exists("datasets/" + digest + "/manifest.json"));
        assertTrue(store.exists("datasets/by-input/" + out.get("inputDigest") + ".json"));

        TaskResult again = execute("t2", dataset);
        assertEquals(TaskResult.Status.COMPLETED, again.getStatus(), again.getReasonForIncompletion());
        assertEquals(true, again.getOutputData().get("reused"));
        assertEquals(digest, again.getOutputData().get("datasetDigest"));
        assertEquals(out.get("testCases"), again.getOutputData().get("testCases"));
    }

    @Test
    void rawInputFromS3GivesTheSameDatasetAsTheLocalFolder() throws Exception {
        Path raw = tmp.resolve("raw");
        SyntheticCtGenerator.generate(raw, new SyntheticSpec(3, 16, 4, 4, 11));
        try (Stream<Path> files = Files.walk(raw)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                store.putFile("inputs/btcv/" + raw.relativize(f).toString().replace('\\', '/'), f);
            }
        }
        Map<String, Object> local = Map.of("source", "raw", "path", raw.toString(), "valCases", 1, "testCases", 1);
        TaskResult fromDisk = execute("t3", local);
        assertEquals(TaskResult.Status.COMPLETED, fromDisk.getStatus(), fromDisk.getReasonForIncompletion());

        TaskResult fromS3 = execute("t4", Map.of("source", "raw", "path", "s3://" + BUCKET + "/inputs/btcv/",
                "layout", "btcv", "valCases", 1, "testCases", 1));
        assertEquals(TaskResult.Status.COMPLETED, fromS3.getStatus(), fromS3.getReasonForIncompletion());
        assertEquals(fromDisk.getOutputData().get("datasetDigest"), fromS3.getOutputData().get("datasetDigest"));
        assertEquals(fromDisk.getOutputData().get("inputDigest"), fromS3.getOutputData().get("inputDigest"));
        assertEquals(true, fromS3.getOutputData().get("reused"), "same files and config: recognised by input digest");
    }

    @Test
    void badInputEndsTheTaskTerminallyNamingTheProblem() throws Exception {
        assertTerminal(Map.of("source", "dicom"), "'dicom'");
        assertTerminal(Map.of("source", "raw", "path", tmp.resolve("nowhere").toString()), "nowhere");

        Path raw = tmp.resolve("raw");
        SyntheticCtGenerator.generate(raw, new SyntheticSpec(3, 16, 4, 4, 12));
        Path image = raw.resolve("img/img0002.nii.gz");
        byte[] bytes = Files.readAllBytes(image);
        Files.write(image, Arrays.copyOf(bytes, bytes.length / 2));
        assertTerminal(Map.of("source", "raw", "path", raw.toString(), "valCases", 1, "testCases", 1), "img0002.nii.gz");

        assertTerminal(Map.of("source", "raw", "path", raw.toString(), "layout", "nifti"), "labelMap");
    }

    private void assertTerminal(Map<String, Object> dataset, String mentioned) {
        TaskResult result = execute("bad", dataset);
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus(), result.getReasonForIncompletion());
        assertTrue(result.getReasonForIncompletion().contains(mentioned), result.getReasonForIncompletion());
    }

    private TaskResult execute(String taskId, Map<String, Object> dataset) {
        WorkerContext context = new WorkerContext(s3.settings(), URI.create("http://127.0.0.1:1"), tmp.resolve("work"),
                TaskLog.NONE);
        Task task = new Task();
        task.setTaskId(taskId);
        task.setTaskDefName(PrepareDataWorker.TASK);
        task.setStatus(Task.Status.IN_PROGRESS);
        task.setInputData(new HashMap<>(Map.of("dataset", dataset)));
        return new PrepareDataWorker(context).execute(task);
    }
}
