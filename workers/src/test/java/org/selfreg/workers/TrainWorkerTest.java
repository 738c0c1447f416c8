package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainPresets;
import org.selfreg.model.ValidationDice;
import org.selfreg.model.swin.SwinPresets;
import org.selfreg.storage.InProcessS3;
import org.selfreg.storage.ObjectStore;
import org.selfreg.storage.S3Settings;

/**
 * Input validation of {@code selfreg_train}: a trial that cannot train ends the task terminally before any server is
 * contacted (S3 and MLflow point at a listening socket that must never see a connection). The fetch of pretrained
 * weights runs against an in-process S3.
 */
class TrainWorkerTest {

    @Test
    void theBestCheckpointIsChosenByTheDiceRuleOfTheReportedMetrics() {
        assertEquals(ValidationDice.CORRECTED, TrainWorker.validationRule(TaskInput.of("t", Map.of())));
        assertEquals(ValidationDice.PAPER, TrainWorker.validationRule(TaskInput.of("t", Map.of("metricMode", "paper"))));
        assertEquals(ValidationDice.CORRECTED,
                TrainWorker.validationRule(TaskInput.of("t", Map.of("metricMode", "corrected"))));
    }

    @Test
    void aNegativeLambdaFailsTerminallyWithoutContactingAnyServer(@TempDir Path dir) throws IOException {
        TaskResult result = runWithTrial(dir, Map.of("lambdaIntra", -0.1));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        assertTrue(result.getReasonForIncompletion().contains("lambdaIntra"), result.getReasonForIncompletion());
    }

    @Test
    void anImageSizeTheNetworkCannotTakeOrAnUnknownOptimizerFailsTerminally(@TempDir Path dir) throws IOException {
        TaskResult size = runWithTrial(dir, Map.of("imageSize", 200));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, size.getStatus());
        assertTrue(size.getReasonForIncompletion().contains("multiple of 16"), size.getReasonForIncompletion());
        TaskResult optimizer = runWithTrial(dir, Map.of("optimizer", "rmsprop"));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, optimizer.getStatus());
    }

    @Test
    void anUnknownPresetOrMissingPretrainedWeightsFailTerminally(@TempDir Path dir) throws IOException {
        TaskResult preset = runWithTrial(dir, Map.of("preset", "swin-tiny"));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, preset.getStatus());
        assertTrue(preset.getReasonForIncompletion().contains("swin-synapse-readme"),
                preset.getReasonForIncompletion());
        String absent = dir.resolve("absent.npz").toString();
        TaskResult pretrained = runWithTrial(dir, Map.of("preset", "swin-synapse-readme", "pretrained", absent));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, pretrained.getStatus());
        assertTrue(pretrained.getReasonForIncompletion().contains(absent), pretrained.getReasonForIncompletion());
    }

    @Test
    void pretrainedWeightsInTheObjectStoreAreFetchedAfreshIntoTheCache(@TempDir Path dir) throws Exception {
        try (InProcessS3 s3 = new InProcessS3("bucket"); ObjectStore store = ObjectStore.open(s3.settings())) {
            store.ensureBucket();
            WorkerContext context = new WorkerContext(s3.settings(), URI.create("http://127.0.0.1:1"), dir,
                    TaskLog.NONE);
            String reference = "s3://bucket/pretrained/swin.npz";
            store.putBytes("pretrained/swin.npz", "v1".getBytes(StandardCharsets.UTF_8), "application/zip");
            Path copy = TrainWorker.localPretrained(reference, store, context);
            assertTrue(copy.startsWith(dir.resolve("cache")), copy.toString());
            assertEquals("v1", Files.readString(copy));
            store.putBytes("pretrained/swin.npz", "v2".getBytes(StandardCharsets.UTF_8), "application/zip");
            assertEquals("v2", Files.readString(TrainWorker.localPretrained(reference, store, context)),
                    "an object replaced under the same URI is not served from the old copy");
        }
    }

    @Test
    void everyTrialRunSaysWhetherItsSelfRegRecipeIsThePapersOrTheProjects() {
        TrainConfig uctransnet = TrainPresets.config(TrainPresets.UCTRANSNET_SYNAPSE);
        assertEquals("project (not in the SelfReg paper)", TrainWorker.runTags("w1", uctransnet,
                ValidationDice.CORRECTED).get(TrainWorker.KD_RECIPE_TAG));
        for (TrainConfig paper : List.of(TrainConfig.defaults(), SwinPresets.synapseReadme())) {
            assertEquals("paper", TrainWorker.runTags("w1", paper, ValidationDice.CORRECTED)
                    .get(TrainWorker.KD_RECIPE_TAG), paper.backbone());
        }
    }

    @Test
    void backboneAndOptimizerTravelInTheTrialMap() {
        TrainConfig acdc = TrainConfig.acdcDefaults();
        Map<String, Object> map = TrialSpec.toMap(acdc);
        assertEquals("adamw", map.get("optimizer"));
        assertEquals("unet", map.get("backbone"));
        assertEquals(acdc, TrialSpec.toTrainConfig(TaskInput.of("test", map)));
    }

    private static TaskResult runWithTrial(Path dir, Map<String, Object> trial) throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
            WorkerContext context = new WorkerContext(new S3Settings(endpoint, "us-east-1", "key", "secret", "bucket"),
                    endpoint, dir, TaskLog.NONE);
            Task task = new Task();
            task.setTaskId("t1");
            task.setWorkflowInstanceId("w1");
            task.setStatus(Task.Status.IN_PROGRESS);
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("trialKey", "0123456789abcdef");
            input.put("trial", trial);
            input.put("datasetUri", "s3://bucket/datasets/d");
            input.put("experimentId", "1");
            input.put("parentRunId", "p");
            task.setInputData(input);
            TaskResult result = new TrainWorker(context).execute(task);
            server.setSoTimeout(50);
            assertThrows(SocketTimeoutException.class, server::accept, "no server may be contacted");
            return result;
        }
    }
}
