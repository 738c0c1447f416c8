package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code selfreg_summarize}: collects every trial's outcome into the sweep's result table, stores it with the parent
 * MLflow run and ends that run. A trial without results (failed, or ended by an input error) is listed as FAILED; a
 * trial reused from an earlier FINISHED run is listed as REUSED with that run's results, one the sweep's scheduler
 * ended early as STOPPED with the epochs it trained. Of the trials that trained to the end, the one with the best
 * validation Dice is registered as a version of the sweep's registered model ({@link BestTrialRegistration}).
 */
public final class SummarizeWorker extends PipelineWorker {

    public static final String TASK = "selfreg_summarize";
    /** Tag on the parent run: the registered model version ({@code models:/NAME/VERSION}) of its best trial. */
    public static final String REGISTERED_MODEL_TAG = "registered_model";

    private static final Logger LOG = LoggerFactory.getLogger(SummarizeWorker.class);

    private final WorkerContext context;

    public SummarizeWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        String parentRunId = input.string("parentRunId");
        Map<String, Object> results = input.has("results") ? input.map("results") : Map.of();
        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            List<TaskInput> trials = input.objects("trials").stream().map(t -> TaskInput.of(TASK + " trial", t))
                    .toList();
            SweepTable table = new SweepTable(trials.stream().map(t -> row(t, results, tracker)).toList());
            String artifactKey = ObjectStore.keyOf(URI.create(tracker.run(parentRunId).getInfo().getArtifactUri()),
                    store.settings());
            store.putBytes(artifactKey + "/summary.md", table.toMarkdown().getBytes(StandardCharsets.UTF_8),
                    "text/markdown");
            store.putBytes(artifactKey + "/summary.csv", table.toCsv().getBytes(StandardCharsets.UTF_8), "text/csv");
            Optional<SweepTable.Row> best = table.best();
            best.ifPresent(b -> {
                tracker.logMetrics(parentRunId, Map.of("best_mean_dice", b.meanDice()), 0);
                tracker.setTags(parentRunId, Map.of("best_trial", b.trial()));
            });
            // Registered before the parent run ends: a failed registration leaves the sweep to be retried, and the
            // retry finds the version it may have created.
            Optional<ModelRegistry.Version> registered = BestTrialRegistration.register(registeredModelName(input),
                    parentRunId, candidates(trials, table, tracker), tracker);
            registered.ifPresentOrElse(
                    version -> tracker.setTags(parentRunId, Map.of(REGISTERED_MODEL_TAG, version.uri())),
                    () -> LOG.warn("sweep {}: no trial has a validation Dice, so none is registered", parentRunId));
            tracker.finish(parentRunId, best.isPresent() ? RunStatus.FINISHED : RunStatus.FAILED);

            Map<String, Object> output = new LinkedHashMap<>();
            output.put("rows", table.rows().stream().map(SummarizeWorker::toOutput).toList());
            output.put("summaryUri", store.uri(artifactKey + "/summary.md").toString());
            best.ifPresent(b -> output.put("bestTrial", b.trial()));
            registered.ifPresent(version -> output.put("registeredModel", version.uri()));
            return output;
        }
    }

    /** The registry name the sweep asked for, else its experiment's name. */
    private static String registeredModelName(TaskInput input) {
        return input.has("registeredModel") ? input.string("registeredModel") : input.string("experiment");
    }

    /** The trials with results, each with the validation Dice of its best checkpoint. */
    private static List<BestTrialRegistration.Candidate> candidates(List<TaskInput> trials, SweepTable table,
                                                                    MlflowTracker tracker) {
        List<BestTrialRegistration.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            SweepTable.Row row = table.rows().get(i);
            if (row.completed() && row.runId() != null) {
                candidates.add(new BestTrialRegistration.Candidate(row.trial(), trials.get(i).string("trialKey"),
                        row.runId(), BestTrialRegistration.validationDice(
                                tracker.metricHistory(row.runId(), TrainWorker.VALIDATION_DICE_METRIC))));
            }
        }
        return candidates;
    }

    @SuppressWarnings("unchecked")
    private static SweepTable.Row row(TaskInput trial, Map<String, Object> results, MlflowTracker tracker) {
        String label = trial.string("label");
        if (trial.has("reusedRunId")) {
            String runId = trial.string("reusedRunId");
            Map<String, Double> metrics = tracker.latestMetrics(runId);
            return new SweepTable.Row(label, SweepTable.Row.REUSED, metrics.getOrDefault("mean_dice", Double.NaN),
                    metrics.getOrDefault("mean_hd95", Double.NaN), metrics.getOrDefault("train_seconds", Double.NaN),
                    metrics.getOrDefault("eval_seconds", Double.NaN), runId, 0);
        }
        Object raw = results.get(trial.string("ref"));
        TaskInput result = TaskInput.of(TASK + " result", raw instanceof Map<?, ?> m ? (Map<String, Object>) m : null);
        String status = !result.has("meanDice") ? SweepTable.Row.FAILED
                : ScheduleWorker.STOPPED.equals(result.has("status") ? result.string("status") : "")
                ? SweepTable.Row.STOPPED : SweepTable.Row.COMPLETED;
        return new SweepTable.Row(label, status, result.number("meanDice", Double.NaN),
                result.number("meanHd95", Double.NaN), result.number("trainSeconds", Double.NaN),
                result.number("evalSeconds", Double.NaN), result.has("runId") ? result.string("runId") : null,
                result.integer("epochsCompleted", 0));
    }

    private static Map<String, Object> toOutput(SweepTable.Row r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trial", r.trial());
        row.put("status", r.status());
        row.put("meanDice", TaskOutputs.finiteOrNull(r.meanDice()));
        row.put("meanHd95", TaskOutputs.finiteOrNull(r.meanHd95()));
        row.put("trainSeconds", TaskOutputs.finiteOrNull(r.trainSeconds()));
        row.put("evalSeconds", TaskOutputs.finiteOrNull(r.evalSeconds()));
        row.put("runId", r.runId() == null ? "" : r.runId());
        row.put("epochsCompleted", r.epochsCompleted());
        return row;
    }
}
