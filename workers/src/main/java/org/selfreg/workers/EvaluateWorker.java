package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.eval.ClassSummary;
import org.selfreg.eval.EvaluationOptions;
import org.selfreg.eval.EvaluationReport;
import org.selfreg.eval.Evaluator;
import org.selfreg.model.TrainedModel;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunArtifacts;
import org.selfreg.tracking.RunRef;

/**
 * {@code selfreg_evaluate}: segments the test volumes with a trial's checkpoint, scores Dice and HD95 per organ,
 * uploads the NIfTI predictions and reports under the trial's run, and ends the run.
 */
public final class EvaluateWorker extends PipelineWorker {

    public static final String TASK = "selfreg_evaluate";

    private final WorkerContext context;

    public EvaluateWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        long start = System.nanoTime();
        String runId = input.string("runId");
        URI checkpointUri = input.s3Uri("checkpointUri");
        Path scratch = context.scratch(TASK + "-" + task.getTaskId());
        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            DatasetAccess dataset = DatasetAccess.fetch(input.s3Uri("datasetUri"), store, context);
            Path checkpoint = download(checkpointUri, store, scratch.resolve("checkpoint"));
            Path reportDir = scratch.resolve("evaluation");
            EvaluationReport report;
            try (TrainedModel model = TrainedModel.load(checkpoint)) {
                report = new Evaluator().evaluate(dataset.dir(), dataset.list("test_vol"), model,
                        EvaluationOptions.defaults(), reportDir);
            }
            RunRef run = new RunRef(runId, input.string("experimentId"),
                    URI.create(tracker.run(runId).getInfo().getArtifactUri()));
            URI evaluationUri = new RunArtifacts(store).uploadTree(run, "evaluation", reportDir);
            tracker.logMetrics(runId, metrics(report), 0);
            tracker.finish(runId, RunStatus.FINISHED);

            Map<String, Object> output = new LinkedHashMap<>();
            output.put("meanDice", TaskOutputs.finiteOrNull(report.meanDice()));
            output.put("meanHd95", TaskOutputs.finiteOrNull(report.meanHd95()));
            output.put("predictionsUri", evaluationUri + "/predictions");
            output.put("reportUri", evaluationUri + "/report.md");
            output.put("evalSeconds", (System.nanoTime() - start) / 1e9);
            return output;
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** Mean and per-organ scores under MLflow-friendly keys (NaN, e.g. an organ absent from every case, is skipped). */
    static Map<String, Double> metrics(EvaluationReport report) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mean_dice", report.meanDice());
        metrics.put("mean_hd95", report.meanHd95());
        for (ClassSummary organ : report.classes()) {
            String name = organ.organ().toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
            metrics.put("dice_" + name, organ.meanDice());
            metrics.put("hd95_" + name, organ.meanHd95());
        }
        metrics.values().removeIf(v -> !Double.isFinite(v));
        return metrics;
    }

    /** Downloads the checkpoint with the files beside it (its metadata) and returns the local checkpoint file. */
    private static Path download(URI checkpointUri, ObjectStore store, Path dir) {
        String key = ObjectStore.keyOf(checkpointUri, store.settings());
        String prefix = key.substring(0, key.lastIndexOf('/') + 1);
        for (String sibling : store.list(prefix)) {
            store.getFile(sibling, dir.resolve(sibling.substring(prefix.length())));
        }
        return dir.resolve(key.substring(prefix.length()));
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }
}
