package org.selfreg.infra.sweep;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.MetadataClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest;
import com.netflix.conductor.common.run.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.selfreg.infra.TaskDomains;
import org.selfreg.infra.stack.Reachability;
import org.selfreg.infra.stack.ServerUnreachableException;
import org.selfreg.workers.SweepTable;
import org.selfreg.workers.TaskInput;
import org.selfreg.workers.WorkflowDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a sweep to Conductor and follows it to the end, reporting its state on the way.
 */
public final class SweepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
    private static final Duration POLL = Duration.ofMillis(1000);
    /** How long a Conductor server may be unreachable (a restart) before following a sweep gives up. */
    static final Duration CONDUCTOR_PATIENCE = Duration.ofMinutes(10);

    private final WorkflowClient workflows;
    private final MetadataClient metadata;
    private final SweepWatcher watcher;

    public SweepRunner(ConductorClient conductor) {
        this.workflows = new WorkflowClient(conductor);
        this.metadata = new MetadataClient(conductor);
        this.watcher = new SweepWatcher(workflows, new TaskClient(conductor));
    }

    /** Registers the workflow definitions and starts the sweep; returns its workflow id. */
    public String submit(SweepRequest request) {
        return submit(request, null);
    }

    /** As {@link #submit(SweepRequest)}, routing training and evaluation to the task domain {@code domain}. */
    public String submit(SweepRequest request, String domain) {
        WorkflowDefinitions.register(metadata);
        StartWorkflowRequest start = new StartWorkflowRequest();
        start.setName(WorkflowDefinitions.SWEEP_WORKFLOW);
        start.setVersion(WorkflowDefinitions.SWEEP_VERSION);
        start.setCorrelationId(request.sweepName());
        start.setInput(request.workflowInput());
        if (domain != null) {
            start.setTaskToDomain(TaskDomains.accelerated(domain));
        }
        return workflows.startWorkflow(start);
    }

    /**
     * Waits for the sweep to end, handing each new state to {@code progress}. A Conductor server that cannot be
     * connected to (a restart) is waited for up to {@link #CONDUCTOR_PATIENCE}: the sweep's state lives in its
     * database. Any other failure of a call is an error, reported at once.
     */
    public SweepOutcome await(String workflowId, Duration timeout, Consumer<SweepSnapshot> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long unreachableSince = -1;
        while (true) {
            Workflow sweep;
            try {
                sweep = workflows.getWorkflow(workflowId, true);
                progress.accept(watcher.snapshot(sweep));
                unreachableSince = -1;
            } catch (RuntimeException e) {
                if (!Reachability.isConnectionFailure(e)) {
                    throw e;
                }
                if (unreachableSince < 0) {
                    unreachableSince = System.nanoTime();
                    LOG.warn("Conductor did not answer ({}); waiting up to {}", e.getMessage(), CONDUCTOR_PATIENCE);
                } else if (System.nanoTime() - unreachableSince > CONDUCTOR_PATIENCE.toNanos()) {
                    throw new ServerUnreachableException("Conductor has not answered for " + CONDUCTOR_PATIENCE
                            + " while following sweep " + workflowId + ": it is still in Conductor's database; once"
                            + " Conductor is back, running the same sweep again reuses its finished trials", e);
                }
                Thread.sleep(POLL.toMillis());
                continue;
            }
            if (sweep.getStatus().isTerminal()) {
                return outcome(sweep);
            }
            if (System.nanoTime() > deadline) {
                workflows.terminateWorkflow(workflowId, "no result within " + timeout);
                throw new SweepTimeoutException("sweep " + workflowId + " did not end within " + timeout
                        + "; it was terminated (finished trials are kept and reused when the sweep runs again)");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    @SuppressWarnings("unchecked")
    private SweepOutcome outcome(Workflow sweep) {
        Map<String, Object> output = sweep.getOutput();
        List<Map<String, Object>> rows = output.get("rows") instanceof List<?> list
                ? (List<Map<String, Object>>) list : List.of();
        SweepTable table = new SweepTable(rows.stream().map(SweepRunner::row).toList());
        return new SweepOutcome(sweep.getWorkflowId(), sweep.getStatus().name(), table,
                (String) output.get("parentRunUrl"), (String) output.get("datasetUri"), watcher.failures(sweep));
    }

    private static SweepTable.Row row(Map<String, Object> values) {
        TaskInput row = TaskInput.of("selfreg_summarize output", values);
        String runId = row.has("runId") ? String.valueOf(row.values().get("runId")) : "";
        return new SweepTable.Row(row.string("trial"), row.string("status"), row.number("meanDice", Double.NaN),
                row.number("meanHd95", Double.NaN), row.number("trainSeconds", Double.NaN),
                row.number("evalSeconds", Double.NaN), runId.isEmpty() ? null : runId,
                row.integer("epochsCompleted", 0));
    }
}
