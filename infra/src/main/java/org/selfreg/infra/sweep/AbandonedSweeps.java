package org.selfreg.infra.sweep;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.run.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.selfreg.workers.WorkflowDefinitions;

/**
 * Sweeps left RUNNING in the database of a local Conductor server by a selfreg process that died without ending them
 * (SIGKILL, power loss). A local server lives only as long as the demo or sweep process that started it, so such a
 * sweep has nobody following it; were it left running, the workers of the next demo or sweep would serve it too.
 * Terminating it loses nothing a rerun needs: finished trials are FINISHED MLflow runs that a rerun reuses, and an
 * unfinished trial resumes from its last checkpoint. Refusing to start instead would only make the user clean the
 * database by hand.
 */
public final class AbandonedSweeps {

    private AbandonedSweeps() {
    }

    /**
     * Terminates every RUNNING sweep (and so its trial sub-workflows) on {@code conductor}, which must be a server this
     * process started over its own database; returns them as they were.
     */
    public static List<Workflow> terminate(ConductorClient conductor) {
        WorkflowClient workflows = new WorkflowClient(conductor);
        List<Workflow> abandoned = new ArrayList<>();
        for (int version = 1; version <= WorkflowDefinitions.SWEEP_VERSION; version++) {
            for (String id : workflows.getRunningWorkflow(WorkflowDefinitions.SWEEP_WORKFLOW, version)) {
                Workflow sweep = workflows.getWorkflow(id, false);
                workflows.terminateWorkflow(id, "abandoned by the earlier selfreg process that started sweep "
                        + sweep.getCorrelationId() + " at " + Instant.ofEpochMilli(sweep.getStartTime())
                        + " and stopped without ending it; its finished trials are kept for a rerun");
                abandoned.add(sweep);
            }
        }
        return abandoned;
    }
}
