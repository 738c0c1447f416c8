package org.selfreg.workers;

import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.nd.LibtorchWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Conductor worker as a thin adapter: read the task input, call a module API, return the output.
 *
 * <p>This base class owns the policies all workers share. A task input key that the task's definition does not
 * declare is an input error: hand-written workflows would otherwise lose a misspelt option without a word. An input
 * error or running out of memory
 * ({@link MemoryExhaustion}) ends the task with FAILED_WITH_TERMINAL_ERROR (no retry storm), saying what to change;
 * anything else fails it so that Conductor retries it.
 */
public abstract class PipelineWorker implements Worker {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineWorker.class);
    // The pause between two polls of one task type. Polls are long polls (WorkerHost), so an idle type does not poll
    // ten times a second; after a task the next poll follows quickly, which keeps hop latency low (orchestration.md).
    private static final int POLL_INTERVAL_MS = 100;

    private final String taskDefName;
    private final Set<String> inputKeys;

    /** A worker of a task defined in {@code workflows/tasks.json}, whose input may have the keys declared there. */
    protected PipelineWorker(String taskDefName) {
        this(taskDefName, WorkflowDefinitions.inputKeys(taskDefName));
    }

    /** A worker whose task input may have exactly {@code inputKeys}; any other key is an input error. */
    protected PipelineWorker(String taskDefName, Set<String> inputKeys) {
        this.taskDefName = taskDefName;
        this.inputKeys = Set.copyOf(inputKeys);
    }

    @Override
    public final String getTaskDefName() {
        return taskDefName;
    }

    @Override
    public int getPollingInterval() {
        return POLL_INTERVAL_MS;
    }

    /**
     * Every task keeps its lease while it runs (the client extends it at 80 % of the response timeout), so that every
     * response timeout can be short (workflows/tasks.json: 60 s, 120 s for training and evaluation, which load the
     * machine). That timeout is what hands out again the task of a worker that died, or whose poll was lost. Seen
     * twice in the orchestration bench, each time right after a worker JVM was stopped: a sweep's first task waited
     * out the 600 s it then had, another sweep's second task its 120 s, with no process running either (most likely
     * the stopped worker's long poll, still open on the server for up to a second, received the task on a closed
     * connection). A worker that stops now hands such tasks back, and its running ones (the infra module's
     * WorkerHost); the short timeout remains for workers that die.
     */
    @Override
    public final boolean leaseExtendEnabled() {
        return true;
    }

    @Override
    public final TaskResult execute(Task task) {
        TaskResult result = new TaskResult(task);
        try {
            TaskInput input = TaskInput.of(taskDefName, task.getInputData()).requireOnly(inputKeys);
            result.setOutputData(usesLibtorch()
                    ? LibtorchWork.onOwnThread(describe(task), () -> run(task, input))
                    : run(task, input));
            result.setStatus(TaskResult.Status.COMPLETED);
        } catch (InvalidInputException | IllegalArgumentException e) {
            LOG.warn("{}: input error, not retried: {}", describe(task), e.getMessage());
            result.setReasonForIncompletion(e.getMessage());
            result.setStatus(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR);
        } catch (OutOfMemoryError e) {
            failTerminally(result, MemoryExhaustion.advice(e, describe(task)).orElseThrow());
        } catch (RuntimeException e) {
            Optional<String> memory = MemoryExhaustion.advice(e, describe(task));
            if (memory.isPresent()) {
                failTerminally(result, memory.get());
            } else {
                LOG.warn("{}: failed, Conductor will retry: {}", describe(task), e.toString());
                result.setReasonForIncompletion(e.toString());
                result.setStatus(TaskResult.Status.FAILED);
            }
        }
        return result;
    }

    private String describe(Task task) {
        return taskDefName + " " + task.getTaskId();
    }

    private static void failTerminally(TaskResult result, String reason) {
        LOG.warn("{}; not retried", reason);
        result.setReasonForIncompletion(reason);
        result.setStatus(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR);
    }

    /**
     * Whether the task trains or runs a network. Such a task runs on a thread of its own that ends with it, with
     * libtorch's grad mode off: libtorch keeps per-thread state (grad mode, libgomp's thread team) that this worker's
     * long-lived polling thread would otherwise carry from task to task ({@link LibtorchWork}).
     */
    protected boolean usesLibtorch() {
        return false;
    }

    /** Does the task's work and returns its output; throws {@link InvalidInputException} on bad input. */
    protected abstract Map<String, Object> run(Task task, TaskInput input);
}
