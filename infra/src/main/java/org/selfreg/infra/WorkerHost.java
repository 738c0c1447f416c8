package org.selfreg.infra;

import com.netflix.conductor.client.automator.TaskRunnerConfigurer;
import com.netflix.conductor.client.http.ConductorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.selfreg.workers.ConductorTaskLog;
import org.selfreg.workers.WorkerContext;
import org.selfreg.workers.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's polling loop: every pipeline worker against one Conductor server.
 *
 * <p>Every task type gets one thread: a training task already uses every core (libtorch's intra-op threads), so two at
 * once on one machine only slow each other down. More machines add more workers.
 */
public final class WorkerHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerHost.class);

    /**
     * How long the server holds a poll that finds no task. An idle task type then costs one request a second instead
     * of ten, while the server still hands a task over within its 100 ms queue check (one thread per type asks for one
     * task, so no batch waits to fill). On the local stack, which shares the cores with training, this cut the idle
     * CPU of the Conductor server and two worker hosts from 26 to 12 s a minute (BENCHMARKS.md, orchestration).
     */
    private static final int LONG_POLL_MS = 1000;

    /**
     * How long stopping waits for the polls still open: the server holds a poll up to {@link #LONG_POLL_MS}, and a
     * task it brings is handed back with one more request; the rest is room for a loaded machine, within the 10 s a
     * stopped worker gets before it is killed (our child processes; Kubernetes gives 30 s).
     */
    private static final Duration POLLS_TO_RETURN = Duration.ofMillis(LONG_POLL_MS + 4000);

    private final TaskRunnerConfigurer runner;
    private final HandBackTaskClient tasks;

    private WorkerHost(TaskRunnerConfigurer runner, HandBackTaskClient tasks) {
        this.runner = runner;
        this.tasks = tasks;
    }

    /**
     * Starts polling.
     *
     * @param domain the Conductor task domain of the training and evaluation tasks (a GPU pool), or null for none
     */
    public static WorkerHost start(ConductorClient conductor, StackEndpoints endpoints, Path workDir, String domain) {
        HandBackTaskClient tasks = new HandBackTaskClient(conductor);
        WorkerContext context = new WorkerContext(endpoints.s3(), endpoints.mlflow(), workDir,
                new ConductorTaskLog(tasks));
        var workers = Workers.all(context);
        Map<String, Integer> threads = new HashMap<>();
        workers.forEach(w -> threads.put(w.getTaskDefName(), 1));
        TaskRunnerConfigurer runner = new TaskRunnerConfigurer.Builder(tasks, workers)
                .withTaskThreadCount(threads)
                .withTaskToDomain(domain == null ? Map.of() : TaskDomains.accelerated(domain))
                .withTaskPollTimeout(LONG_POLL_MS)
                .build();
        runner.init();
        return new WorkerHost(runner, tasks);
    }

    /**
     * For a worker process that exits (SIGTERM, Ctrl-C): takes no more tasks and hands the running ones back to
     * Conductor, which gives them to other workers at once; they resume from their last checkpoints. The running
     * tasks' threads end with the process without reporting again. Returns how many tasks were handed back.
     */
    public int handBackTasks() {
        stopPolling();
        return tasks.handBackHeld().size();
    }

    /** Stops polling, then stops the task threads (after the client's grace period for running tasks). */
    @Override
    public void close() {
        stopPolling();
        runner.shutdown();
    }

    private void stopPolling() {
        tasks.stopPolling();
        try {
            if (!tasks.awaitOpenPolls(POLLS_TO_RETURN)) {
                LOG.warn("{} poll(s) still open {} ms after the worker stopped polling; a task one brings waits for its"
                        + " response timeout", tasks.openPolls(), POLLS_TO_RETURN.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
