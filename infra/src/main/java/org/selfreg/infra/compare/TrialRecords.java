package org.selfreg.infra.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mlflow.api.proto.Service.Run;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.workers.ScheduleWorker;
import org.selfreg.workers.TrainWorker;

/**
 * Reads evaluated trials from MLflow: every trial of some experiments, optionally only those of some sweeps (parent
 * runs), whoever ran them, with the validation curves of those trained to the end. Trials a sweep's scheduler stopped are read too, marked as such, unless the same trial
 * (trial key) was later trained to the end.
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
            List<Run> finished = tracker.finishedTrialRuns(experimentId);
            Set<String> finishedKeys = new HashSet<>();
            finished.forEach(run -> finishedKeys.add(tags(run).get(MlflowTracker.TRIAL_KEY_TAG)));
            List<Run> runs = new ArrayList<>(finished);
            // A stopped trial run again under the same scheduler stops again, in a run of its own: one is enough.
            Map<String, Run> stopped = new LinkedHashMap<>();
            tracker.stoppedTrialRuns(experimentId, ScheduleWorker.TRIAL_STATUS_TAG, ScheduleWorker.STOPPED).stream()
                    .filter(run -> !finishedKeys.contains(tags(run).get(MlflowTracker.TRIAL_KEY_TAG)))
                    .sorted(Comparator.comparingLong(run -> run.getInfo().getEndTime()))
                    .forEach(run -> stopped.put(tags(run).get(MlflowTracker.TRIAL_KEY_TAG), run));
            runs.addAll(stopped.values());
            for (Run run : runs) {
                Map<String, String> tags = tags(run);
                if (!sweepRunIds.isEmpty() && !sweepRunIds.contains(tags.get(MlflowTracker.PARENT_RUN_TAG))) {
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>();
                run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
                params.remove("dataset_uri");
                Map<String, Double> metrics = new LinkedHashMap<>();
                run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
                int stoppedAfter = Integer.parseInt(tags.getOrDefault(ScheduleWorker.STOPPED_AFTER_TAG, "0"));
                records.add(new TrialRecord(run.getInfo().getRunId(),
                        tags.getOrDefault(MlflowTracker.USER_TAG, "unknown"), params, metrics, stoppedAfter,
                        stoppedAfter > 0 ? new TreeMap<>() : validationDice(tracker, run.getInfo().getRunId())));
            }
        }
        return records;
    }

    /**
     * A trial's validation Dice by epochs completed (1 after the first epoch, as a scheduler's {@code minEpochs}
     * counts them; the metric's step counts from 0), for {@link Comparison#rungForecast()}.
     */
    public static SortedMap<Integer, Double> validationDice(MlflowTracker tracker, String runId) {
        SortedMap<Integer, Double> curve = new TreeMap<>();
        tracker.metricHistory(runId, TrainWorker.VALIDATION_DICE_METRIC)
                .forEach(m -> curve.put((int) m.getStep() + 1, m.getValue()));
        return curve;
    }

    private static Map<String, String> tags(Run run) {
        Map<String, String> tags = new LinkedHashMap<>();
        run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        return tags;
    }
}
