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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.storage.S3Settings;

/**
 * {@code selfreg_schedule} as a function of its task: between decision epochs it sends the trial to the next one
 * without contacting S3 or MLflow (both point at a listening socket that must never see a connection), and input it
 * cannot judge ends the task terminally. Decisions themselves: RungDeciderTest, SchedulerSystemTest.
 */
class ScheduleWorkerTest {

    private static final Map<String, Object> ASHA = Map.of("type", "asha", "minEpochs", 1, "reduction", 3);

    @Test
    void betweenRungsTheTrialTrainsOnToTheNextRungAndTheSecondsAddUp(@TempDir Path dir) throws IOException {
        TaskResult result = run(dir, ASHA, 27, 2, Map.of("previousTrainSeconds", 1.5));
        assertEquals(TaskResult.Status.COMPLETED, result.getStatus(), result.getReasonForIncompletion());
        assertEquals(ScheduleWorker.RUNNING, result.getOutputData().get("status"));
        assertEquals(true, result.getOutputData().get("proceed"));
        assertEquals(3, result.getOutputData().get("nextEpoch"));
        assertEquals(2, result.getOutputData().get("epochsCompleted"));
        assertEquals(5.5, (double) result.getOutputData().get("trainSeconds"), 1e-12);
    }

    @Test
    void aRungWithoutAnyValidationDiceFailsTerminallyAndSaysWhatTheSchedulerNeeds(@TempDir Path dir)
            throws IOException {
        TaskResult result = run(dir, ASHA, 27, 3, Map.of());
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        assertTrue(result.getReasonForIncompletion().contains("validation cases"), result.getReasonForIncompletion());
    }

    @Test
    void anUnknownSchedulerKeyFailsTerminally(@TempDir Path dir) throws IOException {
        TaskResult result = run(dir, Map.of("type", "asha", "reductoin", 3), 27, 1, Map.of());
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        assertTrue(result.getReasonForIncompletion().contains("reductoin"), result.getReasonForIncompletion());
    }

    /** Runs the worker after {@code completed} epochs with NaN validation Dice (none measured) unless given. */
    private static TaskResult run(Path dir, Map<String, Object> scheduler, int epochs, int completed,
                                  Map<String, Object> extra) throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
            WorkerContext context = new WorkerContext(new S3Settings(endpoint, "us-east-1", "key", "secret", "bucket"),
                    endpoint, dir, TaskLog.NONE);
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("trialKey", "0123456789abcdef");
            input.put("label", "lr 0.01");
            input.put("scheduler", scheduler);
            input.put("schedulerScope", "scope-1");
            input.put("runId", "r1");
            input.put("epochs", epochs);
            input.put("validationDice", Collections.nCopies(completed, (Double) null));
            input.put("trainingEnded", false);
            input.put("trainSeconds", 4.0);
            input.putAll(extra);
            Task task = new Task();
            task.setTaskId("t1");
            task.setWorkflowInstanceId("w1");
            task.setStatus(Task.Status.IN_PROGRESS);
            task.setInputData(input);
            TaskResult result = new ScheduleWorker(context).execute(task);
            server.setSoTimeout(50);
            assertThrows(SocketTimeoutException.class, server::accept, "no server may be contacted");
            return result;
        }
    }
}
