package org.selfreg.system;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.MetadataClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest;
import com.netflix.conductor.common.run.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.selfreg.infra.TaskDomains;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.workers.TrainWorker;
import org.selfreg.workers.WorkflowDefinitions;

/**
 * Sweeps small enough for a 2-core CI machine (UNet of width 4 on 32x32 slices, CPU, fixed seeds) yet with epochs of a
 * few seconds, so that a test can act in the middle of one; and the Conductor queries the tests assert on.
 */
final class TinySweeps {

    static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** A lease short enough that a killed worker's task times out within a test: the client renews it at 80%. */
    static final int SHORT_LEASE_SECONDS = 15;

    // About 100 training slices: an epoch takes 2-6 s on 2 busy cores.
    static final Map<String, Object> DATASET = Map.of("source", "synthetic", "cases", 6, "size", 32,
            "minSlices", 28, "maxSlices", 36, "seed", 7, "valCases", 1, "testCases", 2);
    static final Map<String, Object> TRIAL = Map.of("epochs", 3, "baseWidth", 4, "imageSize", 32, "batchSize", 8,
            "baseLr", 0.01, "seed", 7);
    /** A few slices for a full-width network: its checkpoints are large (~0.5 GB with optimizer state) but few. */
    static final Map<String, Object> FULL_WIDTH_DATASET = Map.of("source", "synthetic", "cases", 4, "size", 32,
            "minSlices", 6, "maxSlices", 8, "seed", 7, "valCases", 1, "testCases", 1);
    /** UNet_hd at its real width (64) on 32x32 slices, two epochs. */
    static final Map<String, Object> FULL_WIDTH_TRIAL = Map.of("epochs", 2, "baseWidth", 64, "imageSize", 32,
            "batchSize", 8, "baseLr", 0.01, "seed", 7);
    /** The one trial that the fault tests run, interrupted or not. */
    static final Map<String, Object> ONE_TRIAL = SweepRequest.lambdaGrid(List.of(0.05));

    private final ConductorClient conductor;
    private final WorkflowClient workflows;

    TinySweeps(ConductorClient conductor) {
        this.conductor = conductor;
        this.workflows = new WorkflowClient(conductor);
    }

    static SweepRequest request(String experiment, Map<String, Object> grid) {
        return new SweepRequest(experiment, experiment, DATASET, grid, TRIAL, Map.of());
    }

    /** The one trial of {@link #ONE_TRIAL} with a full-width network ({@link #FULL_WIDTH_TRIAL}). */
    static SweepRequest fullWidthRequest(String experiment) {
        return new SweepRequest(experiment, experiment, FULL_WIDTH_DATASET, ONE_TRIAL, FULL_WIDTH_TRIAL, Map.of());
    }

    /** Submits a sweep and waits for its end. */
    SweepOutcome run(SweepRequest request) throws InterruptedException {
        SweepRunner runner = new SweepRunner(conductor);
        return runner.await(runner.submit(request), TIMEOUT, snapshot -> { });
    }

    SweepOutcome await(String sweepId) throws InterruptedException {
        return new SweepRunner(conductor).await(sweepId, TIMEOUT, snapshot -> { });
    }

    /**
     * Starts a sweep whose training tasks hold a {@link #SHORT_LEASE_SECONDS} lease, so that one whose worker died is
     * retried within seconds instead of minutes. (SweepRunner.submit registers the shipped definitions, so the sweep is
     * started here after overriding the training task's.)
     *
     * @param domain the task domain of training and evaluation, or null
     */
    String startWithShortLease(SweepRequest request, String domain) {
        MetadataClient metadata = new MetadataClient(conductor);
        WorkflowDefinitions.register(metadata);
        TaskDef train = WorkflowDefinitions.taskDefs().stream()
                .filter(d -> d.getName().equals(TrainWorker.TASK)).findFirst().orElseThrow();
        train.setResponseTimeoutSeconds(SHORT_LEASE_SECONDS);
        metadata.registerTaskDefs(List.of(train));
        StartWorkflowRequest start = new StartWorkflowRequest();
        start.setName(WorkflowDefinitions.SWEEP_WORKFLOW);
        start.setVersion(WorkflowDefinitions.SWEEP_VERSION);
        start.setInput(request.workflowInput());
        if (domain != null) {
            start.setTaskToDomain(TaskDomains.accelerated(domain));
        }
        return workflows.startWorkflow(start);
    }

    /** The sweep's trial sub-workflows started so far, with their tasks. */
    List<Workflow> trials(String sweepId) {
        return workflows.getWorkflow(sweepId, true).getTasks().stream()
                .filter(t -> t.getSubWorkflowId() != null)
                .map(t -> workflows.getWorkflow(t.getSubWorkflowId(), true))
                .toList();
    }

    /** Every attempt of the training task in a trial workflow, first attempt first. */
    static List<Task> trainingAttempts(Workflow trial) {
        return trial.getTasks().stream().filter(t -> t.getTaskDefName().equals(TrainWorker.TASK)).toList();
    }

    /** The training attempt of the sweep's only trial that a worker is running now, if any. */
    Optional<Task> runningTraining(String sweepId) {
        return trials(sweepId).stream().flatMap(t -> trainingAttempts(t).stream())
                .filter(t -> t.getStatus() == Task.Status.IN_PROGRESS).findFirst();
    }

    WorkflowClient workflows() {
        return workflows;
    }
}
