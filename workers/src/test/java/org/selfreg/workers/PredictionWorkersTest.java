package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.eval.predict.TestTimeAugmentation;
import org.selfreg.storage.S3Settings;

/** The batch prediction workers' pure parts: the fan-out, the shared input, the totals, the run's params and metrics. */
class PredictionWorkersTest {

    private static final Map<String, Object> REQUEST = Map.of("models", List.of("models:/tiny/2", "runs:/abc"),
            "inputsUri", "s3://bucket/predictions/p/inputs/", "outputUri", "s3://bucket/predictions/p/outputs",
            "tta", "flip");

    @Test
    void inputsAreSplitIntoConsecutiveBatchesThatShareTheRequest() {
        Map<String, Object> fork = PredictionBatches.fork(List.of("a.nii.gz", "b.nii.gz", "c.png"), 2,
                Map.of("tta", "none"));
        assertEquals(List.of(Map.of("name", "selfreg_predict_batch", "taskReferenceName", "selfreg_predict_batch_0",
                "type", "SIMPLE"), Map.of("name", "selfreg_predict_batch", "taskReferenceName",
                "selfreg_predict_batch_1", "type", "SIMPLE")), fork.get("dynamicTasks"));
        assertEquals(Map.of("selfreg_predict_batch_0", Map.of("tta", "none", "files", List.of("a.nii.gz", "b.nii.gz")),
                "selfreg_predict_batch_1", Map.of("tta", "none", "files", List.of("c.png"))),
                fork.get("dynamicTasksInput"));
    }

    @Test
    void theRequestIsReadWithItsFoldersTrimmed() {
        PredictionRequest request = PredictionRequest.of(TaskInput.of("t", REQUEST));
        assertEquals(List.of("models:/tiny/2", "runs:/abc"), request.models());
        assertEquals(URI.create("s3://bucket/predictions/p/inputs"), request.inputsUri());
        assertEquals(TestTimeAugmentation.FLIP, request.tta());
    }

    @Test
    void aMalformedModelOrAugmentationIsAnInputError() {
        for (Map<String, Object> bad : List.of(with("models", List.of("models:/no-version")),
                with("models", List.of()), with("tta", "rotate"), with("inputsUri", "/local/folder"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> PredictionRequest.of(TaskInput.of("t", bad)), bad::toString);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void theInputsDigestDependsOnTheFilesNotOnTheBatches() {
        PredictionTotals one = PredictionTotals.of(TaskInput.of("join", Map.of(
                "b0", batch(Map.of("a.png", "11", "b.png", "22"), 7, 3))));
        PredictionTotals two = PredictionTotals.of(TaskInput.of("join", Map.of(
                "b1", batch(Map.of("b.png", "22"), 4, 1), "b0", batch(Map.of("a.png", "11"), 3, 2))));
        assertEquals(one.inputsDigest(), two.inputsDigest());
        assertEquals(2, two.files());
        assertEquals(Map.of("background", 7L, "gland", 3L), one.voxelsPerClass());
        assertEquals(Map.of("background", 7L, "gland", 3L), two.voxelsPerClass());
        PredictionTotals changed = PredictionTotals.of(TaskInput.of("join", Map.of(
                "b0", batch(Map.of("a.png", "11", "b.png", "23"), 7, 3))));
        assertNotEquals(one.inputsDigest(), changed.inputsDigest());
    }

    @Test
    void theRunNamesTheModelsAsAskedAndAsPinned() {
        Map<String, Object> input = new LinkedHashMap<>(REQUEST);
        input.put("requestedModels", List.of("models:/tiny@champion", "runs:/abc"));
        TaskInput task = TaskInput.of("log", input);
        PredictionTotals totals = new PredictionTotals(2, "f".repeat(64), Map.of("right kidney", 5L), 1.5);
        Map<String, String> params = LogPredictionWorker.params(task, PredictionRequest.of(task), totals);
        assertEquals("models:/tiny/2,runs:/abc", params.get("models"));
        assertEquals("models:/tiny@champion,runs:/abc", params.get("requested_models"));
        assertEquals("2", params.get("ensemble_size"));
        assertEquals("flip", params.get("tta"));
        assertEquals("s3://bucket/predictions/p/outputs", params.get("output_uri"));
        assertEquals(Map.of("files", 2.0, "predict_seconds", 1.5, "voxels_right_kidney", 5.0),
                LogPredictionWorker.metrics(totals));
    }

    @Test
    void theCacheRefusesAnAliasAndKeysPinnedModelsApart(@TempDir Path dir) {
        ModelCache cache = new ModelCache(dir);
        assertThrows(IllegalArgumentException.class, () -> cache.get("models:/tiny@champion", null));
        assertNotEquals(cache.folder("models:/tiny/1"), cache.folder("models:/tiny/2"));
        assertEquals(dir, cache.folder("runs:/abc").getParent());
    }

    @Test
    void aBatchWithBadInputFailsTerminally(@TempDir Path dir) {
        URI nowhere = URI.create("http://127.0.0.1:1");
        WorkerContext context = new WorkerContext(new S3Settings(nowhere, "us-east-1", "key", "secret", "bucket"),
                nowhere, dir, TaskLog.NONE);
        Task task = new Task();
        task.setTaskId("t1");
        task.setStatus(Task.Status.IN_PROGRESS);
        task.setInputData(with("models", List.of("./a-local-folder")));
        TaskResult result = new PredictBatchWorker(context).execute(task);
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        assertTrue(result.getReasonForIncompletion().contains("./a-local-folder"), result.getReasonForIncompletion());
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> input = new LinkedHashMap<>(REQUEST);
        input.put(key, value);
        return input;
    }

    private static Map<String, Object> batch(Map<String, String> digests, long background, long gland) {
        return Map.of("files", digests.size(), "seconds", 0.5, "inputDigests", digests,
                "voxelsPerClass", Map.of("background", background, "gland", gland));
    }
}
