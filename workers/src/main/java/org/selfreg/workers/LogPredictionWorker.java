package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.eval.ReportMetrics;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunRef;

/**
 * {@code selfreg_log_predict}: the last task of a batch prediction. Logs ONE MLflow run for it (found again when the
 * task is retried, by the workflow's id) in {@code experiment} (default {@value #EXPERIMENT}): as params the models as
 * asked for and as pinned, the augmentation, the ensemble size, where the inputs were and the predictions are; the
 * inputs' digest as the run's dataset input; files, seconds and voxels per class as metrics. Returns the output
 * folder and the run.
 */
public final class LogPredictionWorker extends PipelineWorker {

    public static final String TASK = "selfreg_log_predict";
    static final String EXPERIMENT = "selfreg-predictions";

    private final WorkerContext context;

    public LogPredictionWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        PredictionRequest request = PredictionRequest.of(input);
        PredictionTotals totals = PredictionTotals.of(input.object("results"));
        String experiment = input.has("experiment") ? input.string("experiment") : EXPERIMENT;
        try (MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            RunRef run = tracker.openPredictionRun(tracker.experimentId(experiment), task.getWorkflowInstanceId(),
                    "predict-" + totals.inputsDigest().substring(0, 12), Map.of(), params(input, request, totals));
            tracker.logDatasetInput(run.runId(), totals.inputsDigest(), request.inputsUri().toString(), "inference");
            tracker.logMetrics(run.runId(), metrics(totals), 0);
            tracker.finish(run.runId(), RunStatus.FINISHED);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("outputUri", request.outputUri().toString());
            output.put("runId", run.runId());
            output.put("files", totals.files());
            output.put("inputsDigest", totals.inputsDigest());
            return output;
        }
    }

    static Map<String, String> params(TaskInput input, PredictionRequest request, PredictionTotals totals) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("models", String.join(",", request.models()));
        if (input.has("requestedModels")) {
            params.put("requested_models", String.join(",", input.strings("requestedModels")));
        }
        params.put("ensemble_size", String.valueOf(request.models().size()));
        params.put("tta", request.tta().id());
        params.put("inputs_uri", request.inputsUri().toString());
        params.put("inputs_digest", totals.inputsDigest());
        params.put("output_uri", request.outputUri().toString());
        return params;
    }

    static Map<String, Double> metrics(PredictionTotals totals) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("files", (double) totals.files());
        metrics.put("predict_seconds", totals.seconds());
        totals.voxelsPerClass().forEach((name, n) -> metrics.put("voxels_" + ReportMetrics.key(name),
                n.doubleValue()));
        return metrics;
    }
}
