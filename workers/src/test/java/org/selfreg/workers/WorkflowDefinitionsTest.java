package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.storage.S3Settings;

class WorkflowDefinitionsTest {

    /** What a lost poll may cost a sweep: the response timeout after which Conductor hands the task out again. */
    private static final long MOST_A_LOST_POLL_MAY_COST_SECONDS = 120;

    @Test
    void everyTaskHasAWorkerThatKeepsItsLeaseUnderAShortResponseTimeout(@TempDir Path dir) {
        URI nowhere = URI.create("http://127.0.0.1:1");
        WorkerContext context = new WorkerContext(new S3Settings(nowhere, "us-east-1", "key", "secret", "bucket"),
                nowhere, dir, TaskLog.NONE);
        Map<String, Worker> workers = Workers.all(context).stream()
                .collect(Collectors.toMap(Worker::getTaskDefName, Function.identity()));
        Map<String, TaskDef> definitions = WorkflowDefinitions.taskDefs().stream()
                .collect(Collectors.toMap(TaskDef::getName, Function.identity()));

        assertEquals(definitions.keySet(), workers.keySet(), "a task definition per worker and a worker per task");
        for (TaskDef definition : definitions.values()) {
            assertTrue(definition.getResponseTimeoutSeconds() <= MOST_A_LOST_POLL_MAY_COST_SECONDS,
                    definition.getName() + " waits " + definition.getResponseTimeoutSeconds()
                            + " s before a lost poll is handed out again");
            assertTrue(workers.get(definition.getName()).leaseExtendEnabled(),
                    definition.getName() + " would time out after " + definition.getResponseTimeoutSeconds()
                            + " s of work without extending its lease");
        }
    }

    /**
     * Workers refuse undeclared input keys, so every key a workflow passes to a task must be declared for it, inside
     * loops too.
     */
    @Test
    void everyTaskOfTheWorkflowsPassesOnlyDeclaredInputKeys() {
        for (WorkflowDef workflow : WorkflowDefinitions.workflowDefs()) {
            for (WorkflowTask task : workflow.collectTasks()) {
                if (task.getType().equals("SIMPLE")) {
                    assertTrue(WorkflowDefinitions.inputKeys(task.getName()).containsAll(
                            task.getInputParameters().keySet()), workflow.getName() + " passes " + task.getName()
                            + " " + task.getInputParameters().keySet());
                }
            }
        }
    }

    /** A trial's training segments loop: train, then the scheduler's decision, until it says no more. */
    @Test
    void theTrialTrainsInALoopOfSegmentsUntilTheSchedulerEndsIt() {
        WorkflowDef trial = WorkflowDefinitions.workflowDefs().stream()
                .filter(w -> w.getName().equals("selfreg_trial")).findFirst().orElseThrow();
        WorkflowTask loop = trial.getTasks().get(0);
        assertEquals("DO_WHILE", loop.getType());
        assertEquals(List.of(TrainWorker.TASK, ScheduleWorker.TASK),
                loop.getLoopOver().stream().map(WorkflowTask::getName).toList());
        assertTrue(loop.getLoopCondition().contains("$.schedule['proceed']"), loop.getLoopCondition());
        assertEquals("${schedule.output.nextEpoch}",
                loop.getLoopOver().get(0).getInputParameters().get("untilEpoch"));
    }
}
