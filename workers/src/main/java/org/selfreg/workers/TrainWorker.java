package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.EpochMetrics;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.TrainingResult;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunArtifacts;
import org.selfreg.tracking.RunRef;

/**
 * {@code selfreg_train}: trains one trial and records it in the trial's MLflow child run.
 *
 * <p>The child run is keyed on the trial key, so a retried task continues in the same run. Training can take days on
 * real data: the worker extends its Conductor lease instead of re-queueing, so no second worker picks the task up.
 */
public final class TrainWorker extends PipelineWorker {

    public static final String TASK = "selfreg_train";
    private static final long LOG_INTERVAL_MS = 1000;

    private final WorkerContext context;

    public TrainWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    public boolean leaseExtendEnabled() {
        return true;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        String trialKey = input.string("trialKey");
        TrainConfig config = TrialSpec.toTrainConfig(input.object("trial"));
        URI datasetUri = input.s3Uri("datasetUri");
        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            RunRef run = tracker.openChildRun(input.string("experimentId"), input.string("parentRunId"), trialKey,
                    "lambda=" + config.lambdaIntra() + " seed=" + config.seed(),
                    Map.of("mlflow.source.git.commit", CodeVersion.current(),
                            "conductor.workflowId", task.getWorkflowInstanceId(),
                            "seed", Long.toString(config.seed())),
                    stringParams(config, datasetUri));
            try {
                return train(task, run, config, trialKey, datasetUri, store, tracker);
            } catch (InvalidInputException | IllegalArgumentException e) {
                tracker.finish(run.runId(), RunStatus.FAILED);
                throw e;
            }
        }
    }

    private Map<String, Object> train(Task task, RunRef run, TrainConfig config, String trialKey, URI datasetUri,
                                      ObjectStore store, MlflowTracker tracker) {
        DatasetAccess dataset = DatasetAccess.fetch(datasetUri, store, context);
        Path checkpointDir = context.workDir().resolve("trials").resolve(trialKey);
        TrainingResult result = new SegmentationTrainer().train(dataset.dir(), dataset.list("train"), config,
                checkpointDir, new Listener(task.getTaskId(), config.epochs(), run.runId(), tracker));
        tracker.setTags(run.runId(), Map.of(
                "device", result.runtime().device(),
                "engine", result.runtime().engine() + " " + result.runtime().engineVersion(),
                "djl.version", result.runtime().djlVersion()));
        URI checkpoints = new RunArtifacts(store).uploadTree(run, "checkpoints", checkpointDir);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("runId", run.runId());
        output.put("checkpointUri", checkpoints + "/" + checkpointDir.relativize(result.lastCheckpoint()));
        output.put("trainSeconds", result.seconds());
        output.put("device", result.runtime().device());
        output.put("finalLoss", result.epochs().get(result.epochs().size() - 1).loss());
        return output;
    }

    private static Map<String, String> stringParams(TrainConfig config, URI datasetUri) {
        Map<String, String> params = new LinkedHashMap<>();
        TrialSpec.toMap(config).forEach((k, v) -> params.put(k, String.valueOf(v)));
        params.put("dataset_uri", datasetUri.toString());
        return params;
    }

    /** Per-epoch metrics to MLflow; progress lines to the Conductor task log, at most one a second. */
    private final class Listener implements TrainingListener {
        private final String taskId;
        private final int epochs;
        private final String runId;
        private final MlflowTracker tracker;
        private long lastLog;

        Listener(String taskId, int epochs, String runId, MlflowTracker tracker) {
            this.taskId = taskId;
            this.epochs = epochs;
            this.runId = runId;
            this.tracker = tracker;
        }

        @Override
        public void onIteration(int epoch, int iteration, int iterationsPerEpoch) {
            long now = System.currentTimeMillis();
            if (now - lastLog >= LOG_INTERVAL_MS || iteration == iterationsPerEpoch) {
                lastLog = now;
                context.taskLog().append(taskId,
                        new TrainingProgress(epoch, epochs, iteration, iterationsPerEpoch).line());
            }
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", m.loss());
            metrics.put("seg_loss", m.segLoss());
            metrics.put("kd_intra", m.kdIntra());
            metrics.put("kd_inter", m.kdInter());
            metrics.put("lr", m.learningRate());
            metrics.put("images_per_second", m.imagesPerSecond());
            tracker.logMetrics(runId, metrics, m.epoch());
        }
    }
}
