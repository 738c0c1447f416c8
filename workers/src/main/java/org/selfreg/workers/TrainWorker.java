package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.SafeNames;
import org.selfreg.dataprep.Sha256;
import org.selfreg.eval.MetricMode;
import org.selfreg.model.Backbones;
import org.selfreg.model.Checkpoint;
import org.selfreg.model.EpochMetrics;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainingDivergedException;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.TrainingResult;
import org.selfreg.model.ValidationDice;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunRef;
import org.selfreg.workers.scheduling.SchedulerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code selfreg_train}: trains one trial and records it in the trial's MLflow child run.
 *
 * <p>The child run is keyed on the trial key, so a retried task continues in the same run. Training can take days on
 * real data: the worker extends its Conductor lease instead of re-queueing, so no second worker picks the task up.
 * Pretrained weights given as an {@code s3://} URI are downloaded into the worker's cache and trained from there.
 *
 * <p>Under a sweep's scheduler a trial trains in segments, one task each, between the decisions of
 * {@link ScheduleWorker}: each segment resumes from the trial's last checkpoint and ends at the epoch the last
 * decision named ({@code untilEpoch}); the output's per-epoch validation Dice is what the next decision reads.
 */
public final class TrainWorker extends PipelineWorker {

    public static final String TASK = "selfreg_train";
    private static final long LOG_INTERVAL_MS = 1000;
    private static final long CHECKPOINT_UPLOAD_INTERVAL_MS = 5 * 60 * 1000;
    private static final String CHECKPOINTS = "checkpoints";
    /** The run tag naming the origin of the trial's SelfReg recipe ({@link org.selfreg.model.KdRecipeOrigin}). */
    static final String KD_RECIPE_TAG = "selfreg.kd_recipe";
    /**
     * The metric holding a trial's validation Dice, one value per epoch (step 0 after the first, as every per-epoch
     * curve); its highest value is the one of the trial's best checkpoint.
     */
    public static final String VALIDATION_DICE_METRIC = "val_dice";
    /** The run tag of a run that early stopping ended before its last epoch. */
    static final String STOPPED_EARLY_TAG = "selfreg.stopped_early_after_epoch";
    private static final Logger LOG = LoggerFactory.getLogger(TrainWorker.class);

    private final WorkerContext context;

    public TrainWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected boolean usesLibtorch() {
        return true;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        // The trial key names a folder on this machine: a name, never a path.
        String trialKey = SafeNames.name(input.string("trialKey"), "'trialKey' in the input of " + TASK);
        TaskInput trial = input.object("trial");
        TrainConfig requested = TrialSpec.toTrainConfig(trial);
        ValidationDice rule = validationRule(input);
        URI datasetUri = input.s3Uri("datasetUri");
        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            String weights = requested.pretrained().isEmpty() ? ""
                    : localPretrained(requested.pretrained(), store, context).toString();
            // Fetched and checked before the run is opened: a bad dataset is an input error with nothing recorded.
            PreparedDataset dataset = TrialSpec.datasetFor(trial, DatasetAccess.fetch(datasetUri, store, context));
            TrainConfig config = TrialSpec.forDataset(requested, trial, dataset.description());
            TrainConfig local = weights.isEmpty() ? config : config.withPretrained(weights);
            RunRef run = tracker.openChildRun(input.string("experimentId"), input.string("parentRunId"), trialKey,
                    "lambda=" + config.lambdaIntra() + " seed=" + config.seed(),
                    runTags(task.getWorkflowInstanceId(), config, rule),
                    stringParams(config, local, datasetUri, trial));
            try {
                return train(task, input, run, local, rule, trialKey, dataset, store, tracker);
            } catch (InvalidInputException | IllegalArgumentException e) {
                tracker.finish(run.runId(), RunStatus.FAILED);
                throw e;
            } catch (TrainingDivergedException e) {
                // Retrying the same trial diverges again: end it (and only it) so the sweep goes on.
                tracker.finish(run.runId(), RunStatus.FAILED);
                throw new InvalidInputException(e.getMessage(), e);
            }
        }
    }

    private Map<String, Object> train(Task task, TaskInput input, RunRef run, TrainConfig config, ValidationDice rule,
                                      String trialKey, PreparedDataset dataset, ObjectStore store,
                                      MlflowTracker tracker) {
        Path checkpointDir = context.workDir().resolve("trials").resolve(trialKey);
        CheckpointSync checkpoints = new CheckpointSync(store, checkpointPrefix(run.artifactUri(), store));
        restoreCheckpoint(run, trialKey, checkpointDir, store, tracker);
        int untilEpoch = segmentEnd(input, config, checkpointDir);
        TrainingResult result = new SegmentationTrainer(rule).trainUntil(untilEpoch, dataset.dir(),
                dataset.trainSlices(), dataset.valCases(), config, checkpointDir,
                new Listener(task.getTaskId(), config.epochs(), run, tracker, checkpoints, checkpointDir));
        Map<String, String> tags = new LinkedHashMap<>(Map.of(
                "device", result.runtime().device(),
                "engine", result.runtime().engine() + " " + result.runtime().engineVersion(),
                "djl.version", result.runtime().djlVersion()));
        int epochs = result.epochs().size();
        if (result.ended() && epochs < config.epochs()) {
            tags.put(STOPPED_EARLY_TAG, Integer.toString(epochs));
        }
        tracker.setTags(run.runId(), tags);
        checkpoints.upload(checkpointDir);
        String uploaded = store.uri(checkpointPrefix(run.artifactUri(), store)).toString();
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("runId", run.runId());
        // Model selection on validation: the best checkpoint is the one to evaluate (the last without a val split).
        output.put("checkpointUri", uploaded + checkpointDir.relativize(result.bestCheckpoint()));
        output.put("lastCheckpointUri", uploaded + checkpointDir.relativize(result.lastCheckpoint()));
        output.put("trainSeconds", result.seconds());
        output.put("device", result.runtime().device());
        output.put("finalLoss", result.epochs().get(result.epochs().size() - 1).loss());
        output.put("epochs", config.epochs());
        output.put("validationDice", result.epochs().stream().map(m -> TaskOutputs.finiteOrNull(m.valDice()))
                .toList());
        output.put("trainingEnded", result.ended());
        return output;
    }

    /**
     * Where this task's segment of the run ends: where the sweep's scheduler asked ({@code untilEpoch}, from its last
     * decision), else at the scheduler's first decision epoch at or after the checkpoint's (a trial starting, or
     * restarted), else at the last epoch.
     */
    private static int segmentEnd(TaskInput input, TrainConfig config, Path checkpointDir) {
        if (input.has("untilEpoch")) {
            int until = input.integer("untilEpoch", config.epochs());
            if (until < 1 || until > config.epochs()) {
                throw input.invalid("untilEpoch", "must be within 1.." + config.epochs() + ", the trial's epochs");
            }
            return until;
        }
        int completed = Checkpoint.whole(checkpointDir, Checkpoint.LAST)
                .map(last -> Checkpoint.readInfo(last).epochsCompleted()).orElse(0);
        return SchedulerSpec.of(input.objectOrEmpty("scheduler")).firstStop(completed, config.epochs());
    }

    /**
     * The tags a trial's child run opens with; {@link #KD_RECIPE_TAG} says whether its SelfReg recipe is the paper's
     * or the project's proposal (UCTransNet's), so no result of the latter passes for the paper's method.
     */
    static Map<String, String> runTags(String workflowId, TrainConfig config, ValidationDice rule) {
        return Map.of("mlflow.source.git.commit", CodeVersion.current(),
                "conductor.workflowId", workflowId,
                "seed", Long.toString(config.seed()),
                "validation_dice", rule.name().toLowerCase(Locale.ROOT),
                KD_RECIPE_TAG, Backbones.factory(config.backbone()).kdRecipeOrigin().label());
    }

    /** The best checkpoint is chosen by the Dice rule of the metrics the trial reports. */
    static ValidationDice validationRule(TaskInput input) {
        return EvaluationRequest.metricMode(input) == MetricMode.PAPER ? ValidationDice.PAPER : ValidationDice.CORRECTED;
    }

    /** The S3 prefix of the checkpoints of a run, ending in {@code /}. */
    private static String checkpointPrefix(URI artifactUri, ObjectStore store) {
        return ObjectStore.keyOf(artifactUri, store.settings()) + "/" + CHECKPOINTS + "/";
    }

    /**
     * Makes {@code checkpointDir} hold the checkpoint this run resumes from, if any: the one already there when it was
     * written for this run or for an unfinished run of the same trial in this experiment (an earlier attempt of the
     * task, an interrupted sweep, a trial a scheduler stopped), else the last whole one in S3 of this run or of such an
     * unfinished run. A local checkpoint of any other run, e.g. of a FINISHED run of the same trial key in another
     * experiment, is not resumed from: the run would otherwise record no training of its own.
     */
    private static void restoreCheckpoint(RunRef run, String trialKey, Path checkpointDir, ObjectStore store,
                                          MlflowTracker tracker) {
        List<RunInfo> unfinished = tracker.unfinishedTrialRuns(run.experimentId(), trialKey).stream()
                .filter(r -> !r.getRunId().equals(run.runId())).toList();
        Set<String> resumable = new HashSet<>();
        resumable.add(run.runId());
        unfinished.forEach(r -> resumable.add(r.getRunId()));
        Path owner = checkpointDir.resolveSibling(checkpointDir.getFileName() + ".run");
        if (Checkpoint.whole(checkpointDir, Checkpoint.LAST).isPresent() && resumable.contains(readOwner(owner))) {
            writeOwner(owner, run.runId());
            return;
        }
        List<URI> candidates = new ArrayList<>();
        candidates.add(run.artifactUri());
        unfinished.forEach(r -> candidates.add(URI.create(r.getArtifactUri())));
        for (URI artifacts : candidates) {
            String prefix = checkpointPrefix(artifacts, store);
            if (new CheckpointSync(store, prefix).restore(checkpointDir)) {
                LOG.info("trial {}: resuming from the checkpoint in {}", trialKey, store.uri(prefix));
                writeOwner(owner, run.runId());
                return;
            }
        }
        FileTrees.deleteRecursively(checkpointDir);
        writeOwner(owner, run.runId());
    }

    /** The run a local checkpoint folder was last trained for ({@code <trial key>.run} beside it), or "". */
    private static String readOwner(Path owner) {
        try {
            return Files.exists(owner) ? Files.readString(owner).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + owner, e);
        }
    }

    private static void writeOwner(Path owner, String runId) {
        try {
            Files.createDirectories(owner.getParent());
            Files.writeString(owner, runId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + owner, e);
        }
    }

    /**
     * A local copy of pretrained weights: an {@code s3://} URI is downloaded into the worker's cache, a path is taken
     * as it is. The download is repeated on every call, since an object replaced under the same URI must not be served
     * from a stale copy (the trial key holds the content's sha256, not the URI).
     */
    static Path localPretrained(String reference, ObjectStore store, WorkerContext context) {
        if (!TrainConfig.isObjectStoreUri(reference)) {
            return TrialSpec.requirePretrained(Path.of(reference), reference);
        }
        String key = ObjectStore.keyOf(URI.create(reference), store.settings());
        Path copy = store.getFile(key, SafeNames.under(context.workDir().resolve("cache").resolve("pretrained"), key,
                "pretrained weights " + reference));
        LOG.info("Fetched pretrained weights {} to {}", reference, copy);
        return copy;
    }

    /** The trial as submitted (a pretrained URI stays a URI), with the content hash of the weights actually used. */
    private static Map<String, String> stringParams(TrainConfig config, TrainConfig local, URI datasetUri,
                                                    TaskInput trial) {
        Map<String, String> params = new LinkedHashMap<>();
        TrialSpec.toMap(config).forEach((k, v) -> params.put(k, String.valueOf(v)));
        if (trial.has(TrialSpec.FOLD)) {
            params.put(TrialSpec.FOLD, Integer.toString(trial.integer(TrialSpec.FOLD, 0)));
        }
        local.pretrainedFile().ifPresent(file -> params.put("pretrained_sha256", Sha256.of(file)));
        params.put("dataset_uri", datasetUri.toString());
        return params;
    }

    /** Per-epoch metrics to MLflow; progress lines to the Conductor task log. */
    private final class Listener implements TrainingListener {
        private final TrainingProgressLog progress;
        private final int epochs;
        private final RunRef run;
        private final MlflowTracker tracker;
        private final CheckpointSync checkpoints;
        private final Path checkpointDir;
        private long lastUpload;

        Listener(String taskId, int epochs, RunRef run, MlflowTracker tracker, CheckpointSync checkpoints,
                 Path checkpointDir) {
            this.progress = new TrainingProgressLog(context.taskLog(), taskId, epochs, LOG_INTERVAL_MS,
                    System::currentTimeMillis);
            this.epochs = epochs;
            this.run = run;
            this.tracker = tracker;
            this.checkpoints = checkpoints;
            this.checkpointDir = checkpointDir;
        }

        @Override
        public void onIteration(int epoch, int iteration, int iterationsPerEpoch) {
            progress.afterStep(epoch, iteration, iterationsPerEpoch);
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
            if (Double.isFinite(m.valDice())) {
                metrics.put(VALIDATION_DICE_METRIC, m.valDice());
            }
            tracker.logMetrics(run.runId(), metrics, m.epoch());
            // The checkpoint goes to S3 as training goes, so a retry on another machine resumes from it; on long
            // runs at most every CHECKPOINT_UPLOAD_INTERVAL_MS, always after the last epoch (uploaded by train()).
            long now = System.currentTimeMillis();
            if (m.epoch() < epochs && now - lastUpload >= CHECKPOINT_UPLOAD_INTERVAL_MS) {
                lastUpload = now;
                checkpoints.upload(checkpointDir);
            }
        }
    }
}
