package org.selfreg.infra;

import com.netflix.conductor.client.automator.TaskRunnerConfigurer;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.selfreg.workers.ConductorTaskLog;
import org.selfreg.workers.WorkerContext;
import org.selfreg.workers.Workers;

/**
 * A worker process's polling loop: every pipeline worker against one Conductor server.
 *
 * <p>Every task type gets one thread: a training task already uses every core (libtorch's intra-op threads), so two at
 * once on one machine only slow each other down. More machines add more workers.
 */
public final class WorkerHost implements AutoCloseable {

    /**
     * How long the server holds a poll that finds no task. An idle task type then costs one request a second instead
     * of ten, while the server still hands a task over within its 100 ms queue check (one thread per type asks for one
     * task, so no batch waits to fill). On the local stack, which shares the cores with training, this cut the idle
     * CPU of the Conductor server and two worker hosts from 26 to 12 s a minute (BENCHMARKS.md, orchestration).
     */
    public static final int LONG_POLL_MS = 1000;

    private final TaskRunnerConfigurer runner;

    private WorkerHost(TaskRunnerConfigurer runner) {
        this.runner = runner;
    }

    /**
     * Starts polling.
     *
     * @param domain the Conductor task domain of the training and evaluation tasks (a GPU pool), or null for none
     */
    public static WorkerHost start(ConductorClient conductor, StackEndpoints endpoints, Path workDir, String domain) {
        TaskClient tasks = new TaskClient(conductor);
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
        return new WorkerHost(runner);
    }

    @Override
    public void close() {
        runner.shutdown();
    }
}
