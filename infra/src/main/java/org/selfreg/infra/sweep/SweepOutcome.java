package org.selfreg.infra.sweep;

import java.util.List;
import org.selfreg.workers.SweepTable;

/**
 * How a sweep ended.
 *
 * @param workflowId    the Conductor workflow id of the sweep
 * @param status        the sweep workflow's final status
 * @param table         one row per trial (empty when the sweep failed before its trials ran)
 * @param parentRunUrl  the sweep's parent run in the MLflow UI, or null
 * @param datasetUri    where the prepared dataset lives, or null
 * @param failures      one line per failed task: which task, and why
 */
public record SweepOutcome(String workflowId, String status, SweepTable table, String parentRunUrl, String datasetUri,
                           List<String> failures) {

    public boolean completed() {
        return "COMPLETED".equals(status);
    }
}
