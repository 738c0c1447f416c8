package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;

/** The failure policy that every worker shares: what Conductor retries and what ends a task for good. */
class PipelineWorkerTest {

    @Test
    void runningOutOfJavaHeapEndsTheTaskTerminallySayingWhatToChange() {
        TaskResult result = execute(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        String reason = result.getReasonForIncompletion();
        assertTrue(reason.contains("Java heap space") && reason.contains("SELFREG_JAVA_OPTS=-Xmx4g")
                && reason.contains("batchSize"), reason);
    }

    @Test
    void aNativeAllocationThatLibtorchRefusesEndsTheTaskTerminally() {
        // 2^40 floats (4 TiB): more than any CI machine has, so libtorch's CPU allocator really refuses it.
        TaskResult result = execute(() -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                manager.zeros(new Shape(1L << 40)).getFloat(0);
                return Map.of();
            }
        });
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        String reason = result.getReasonForIncompletion();
        assertTrue(reason.contains("native memory") && reason.contains("batchSize"), reason);
    }

    @Test
    void anyOtherFailureIsRetriedAndAnInputErrorIsNot() {
        assertEquals(TaskResult.Status.FAILED, execute(() -> {
            throw new IllegalStateException("S3 said 503");
        }).getStatus());
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, execute(() -> {
            throw new InvalidInputException("no such case");
        }).getStatus());
    }

    @Test
    void anUndeclaredInputKeyIsAnInputErrorNamingTheClosestDeclaredOne() {
        TaskResult result = execute(Map::of, Map.of("sise", 3));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, result.getStatus());
        assertTrue(result.getReasonForIncompletion().contains("'sise' in the input of selfreg_probe is not a known key;"
                + " did you mean 'size'?"), result.getReasonForIncompletion());
        assertEquals(TaskResult.Status.COMPLETED, execute(Map::of, Map.of("size", 3)).getStatus());
    }

    private static TaskResult execute(Supplier<Map<String, Object>> work) {
        return execute(work, Map.of());
    }

    private static TaskResult execute(Supplier<Map<String, Object>> work, Map<String, Object> input) {
        PipelineWorker worker = new PipelineWorker("selfreg_probe", Set.of("size")) {
            @Override
            protected boolean usesLibtorch() {
                return true;
            }

            @Override
            protected Map<String, Object> run(Task task, TaskInput input) {
                return work.get();
            }
        };
        Task task = new Task();
        task.setTaskId("t1");
        task.setStatus(Task.Status.IN_PROGRESS);
        task.setInputData(input);
        return worker.execute(task);
    }
}
