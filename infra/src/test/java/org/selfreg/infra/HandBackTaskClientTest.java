package org.selfreg.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.MetadataClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.tasks.TaskExecLog;
import com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.infra.stack.ConductorServer;

/**
 * A stopping worker's tasks go to the next worker at once, as the same task, against a real Conductor server (started
 * once for the class). Each test uses a task type of its own, so that no task of one test reaches another's poll. The
 * response timeout is a minute: a task that reached the next worker within the test's few seconds was handed back,
 * not timed out.
 */
class HandBackTaskClientTest {

    private static final int POLL_MS = 1000;
    private static final int NEXT_WORKER_POLL_MS = 5000;

    @TempDir
    static Path workDir;

    private static ConductorServer server;
    private static ConductorClient conductor;

    @BeforeAll
    static void startServer() {
        server = ConductorServer.start(workDir, 0, Duration.ofMinutes(3));
        conductor = ConductorClient.builder().basePath(server.apiUrl()).build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTaskHeldWhenItsWorkerStopsGoesToTheNextWorkerAsTheSameTask() throws InterruptedException {
        String type = register("hand_back_held");
        startWorkflow(type);
        HandBackTaskClient stopping = new HandBackTaskClient(conductor);
        Task held = stopping.batchPollTasksInDomain(type, null, "stopping", 1, POLL_MS).getFirst();

        stopping.stopPolling();
        assertTrue(stopping.awaitOpenPolls(Duration.ofSeconds(5)));
        List<Task> handedBack = stopping.handBackHeld();

        assertEquals(List.of(held.getTaskId()), handedBack.stream().map(Task::getTaskId).toList());
        assertEquals(List.of(), stopping.batchPollTasksInDomain(type, null, "stopping", 1, POLL_MS),
                "a stopped client takes no more tasks");
        Task next = pollAsNextWorker(type);
        assertEquals(held.getTaskId(), next.getTaskId(), "the same task, no retry spent");
        assertEquals(2, next.getPollCount());
        assertTrue(logs(next).contains("handed back to the queue: its worker stopped"), logs(next));
    }

    @Test
    void aTaskThatReachesAPollOpenWhenItsWorkerStopsGoesToTheNextWorker() throws Exception {
        String type = register("hand_back_arriving");
        HandBackTaskClient stopping = new HandBackTaskClient(conductor);
        // A long poll on an empty queue, as a worker's polling loop leaves one open while it waits for work.
        CompletableFuture<List<Task>> openPoll = CompletableFuture.supplyAsync(
                () -> stopping.batchPollTasksInDomain(type, null, "stopping", 1, NEXT_WORKER_POLL_MS));
        while (stopping.openPolls() == 0) {
            Thread.sleep(10);
        }

        stopping.stopPolling();
        startWorkflow(type);
        assertTrue(stopping.awaitOpenPolls(Duration.ofSeconds(10)), "the open poll returned");

        assertEquals(List.of(), openPoll.get(), "the stopped worker runs nothing");
        Task next = pollAsNextWorker(type);
        assertEquals(2, next.getPollCount(), "polled by the stopping worker first");
        assertTrue(logs(next).contains("handed back to the queue: it arrived as its worker stopped"), logs(next));
        assertEquals(List.of(), stopping.handBackHeld(), "nothing else was held");
    }

    private static Task pollAsNextWorker(String type) {
        List<Task> tasks = new TaskClient(conductor).batchPollTasksInDomain(type, null, "next", 1, NEXT_WORKER_POLL_MS);
        assertEquals(1, tasks.size(), "the task was in the queue again within " + NEXT_WORKER_POLL_MS + " ms");
        return tasks.getFirst();
    }

    private static String logs(Task task) {
        return new TaskClient(conductor).getTaskLogs(task.getTaskId()).stream().map(TaskExecLog::getLog).toList()
                .toString();
    }

    /** A task type and a one-task workflow of the same name. */
    private static String register(String type) {
        TaskDef task = new TaskDef(type);
        task.setResponseTimeoutSeconds(60);
        task.setTimeoutSeconds(600);
        task.setOwnerEmail("tests@selfreg.org");
        MetadataClient metadata = new MetadataClient(conductor);
        metadata.registerTaskDefs(List.of(task));
        WorkflowTask step = new WorkflowTask();
        step.setName(type);
        step.setTaskReferenceName(type);
        step.setType("SIMPLE");
        WorkflowDef workflow = new WorkflowDef();
        workflow.setName(type);
        workflow.setVersion(1);
        workflow.setTasks(List.of(step));
        workflow.setOwnerEmail("tests@selfreg.org");
        workflow.setTimeoutSeconds(600);
        metadata.registerWorkflowDef(workflow);
        return type;
    }

    private static void startWorkflow(String name) {
        StartWorkflowRequest start = new StartWorkflowRequest();
        start.setName(name);
        start.setVersion(1);
        start.setInput(Map.of());
        new WorkflowClient(conductor).startWorkflow(start);
    }
}
