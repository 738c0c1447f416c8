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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.model.TrainConfig;
import org.selfreg.storage.S3Settings;

/**
 * Input validation of {@code selfreg_train}: a trial that cannot train ends the task terminally before any server is
 * contacted (S3 and MLflow point at a listening socket that must never see a connection).
 */
class TrainWorkerTest {

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
