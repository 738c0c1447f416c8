package org.selfreg.infra.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.Service.Run;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.tracking.MlflowTracker;

/**
 * Reads finished trials from MLflow: every trial of some experiments, optionally only those of some sweeps (parent
 * runs), whoever ran them.
 */
public final class TrialRecords {

    private TrialRecords() {
    }

    public static List<TrialRecord> read(MlflowTracker tracker, List<String> experiments, List<String> sweepRunIds) {
        List<TrialRecord> records = new ArrayList<>();
        for (String experiment : experiments) {
            String experimentId = tracker.existingExperimentId(experiment).orElseThrow(() -> new InvalidInputException(
                    "MLflow at " + tracker.trackingUri() + " has no experiment '" + experiment
                            + "': check the name (./selfreg compare --help)"));
            for (Run run : tracker.finishedTrialRuns(experimentId)) {
                Map<String, String> tags = new LinkedHashMap<>();
                run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
                if (!sweepRunIds.isEmpty() && !sweepRunIds.contains(tags.get(MlflowTracker.PARENT_RUN_TAG))) {
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>();
                run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
                params.remove("dataset_uri");
                Map<String, Double> metrics = new LinkedHashMap<>();
                run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
                records.add(new TrialRecord(run.getInfo().getRunId(),
                        tags.getOrDefault(MlflowTracker.USER_TAG, "unknown"), params, metrics));
            }
        }
        return records;
    }
}
