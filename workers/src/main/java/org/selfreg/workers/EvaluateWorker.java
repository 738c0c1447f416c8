package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.SafeNames;
import org.selfreg.eval.ClassSummary;
import org.selfreg.eval.EvaluationOptions;
import org.selfreg.eval.EvaluationReport;
import org.selfreg.eval.Evaluator;
import org.selfreg.eval.ModelSelection;
import org.selfreg.eval.ReportFormats;
import org.selfreg.eval.ReportMetrics;
import org.selfreg.eval.TestSetSelection;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.model.TrainedModel;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunArtifacts;
import org.selfreg.tracking.RunRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code selfreg_evaluate}: scores a trial on the test volumes and ends its MLflow run.
 *
 * <p>The checkpoint reported is chosen on the validation split ({@code best}, or {@code last} when training saved no
 * {@code best}), from the folder holding {@code checkpointUri}. With {@code selection: "test-set"} every checkpoint
 * of that folder is also scored on test and the best reported as the authors did, under {@code testsel_} metrics and
 * a {@code test-set-selection/} report, labelled optimistic. Optional inputs: {@code metricMode} ("corrected" or
 * "paper", the paper rule being the dataset's protocol's) and {@code paperGeometry} (NIfTI export with the
 * reference's geometry). Metric names and reports use the class names of the dataset's description; predictions
 * are NIfTI volumes, or PNG masks and overlays for 2-D images, uploaded under {@code evaluation/predictions}; the
 * evaluated checkpoint is uploaded as a model package (an MLflow model of the {@code selfreg} flavor) under
 * {@code model/}.
 *
 * <p>Bad input (unknown option, labels outside the class set, shape mismatch) marks the run FAILED and ends the task
 * with a terminal error.
 */
public final class EvaluateWorker extends PipelineWorker {

    public static final String TASK = "selfreg_evaluate";
    static final String EVALUATION_DIR = "evaluation";
    static final String TEST_SET_DIR = "test-set-selection";
    static final String TEST_SET_PREFIX = "testsel_";
    private static final String PARAMS = ".params";
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateWorker.class);

    private final WorkerContext context;

    public EvaluateWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected boolean usesLibtorch() {
        return true;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        String runId = input.string("runId");
        // The checkpoint key becomes local file names: a bad one ends the task before any server is contacted.
        String checkpointKey = ObjectStore.keyOf(input.s3Uri("checkpointUri"), context.s3());
        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            try {
                return evaluate(task, input, runId, checkpointKey, store, tracker);
            } catch (InvalidInputException | IllegalArgumentException e) {
                tracker.finish(runId, RunStatus.FAILED);
                throw e;
            }
        }
    }

    private Map<String, Object> evaluate(Task task, TaskInput input, String runId, String checkpointKey,
                                         ObjectStore store, MlflowTracker tracker) {
        long start = System.nanoTime();
        EvaluationRequest request = EvaluationRequest.of(input);
        URI checkpointUri = store.uri(checkpointKey);
        Path scratch = context.scratch(TASK + "-" + task.getTaskId());
        try {
            PreparedDataset dataset = DatasetAccess.fetch(input.s3Uri("datasetUri"), store, context);
            Path checkpoints = downloadFolder(checkpointKey, store, scratch.resolve("checkpoints"));
            List<String> available = checkpointNames(checkpoints);
            ModelSelection selected = ModelSelection.onValidation(available);
            if (!selected.checkpoint().equals(ModelSelection.BEST)) {
                String note = "no '" + ModelSelection.BEST + "' checkpoint beside " + checkpointUri + "; evaluating '"
                        + selected.checkpoint() + "' instead of a validation-selected one";
                LOG.warn("{} {}: {}", TASK, task.getTaskId(), note);
                context.taskLog().append(task.getTaskId(), note);
            }
            Path reportDir = scratch.resolve(EVALUATION_DIR);
            EvaluationReport report = evaluateCheckpoint(dataset, checkpoints, selected, request.options(),
                    reportDir);
            TestSetSelection testSet = request.policy() == ModelSelection.Policy.TEST_SET
                    ? testSetSelection(dataset, checkpoints, available, report, request.options(),
                    reportDir.resolve(TEST_SET_DIR))
                    : null;

            Run trialRun = tracker.run(runId);
            RunRef run = new RunRef(runId, input.string("experimentId"),
                    URI.create(trialRun.getInfo().getArtifactUri()));
            URI evaluationUri = new RunArtifacts(store).uploadTree(run, EVALUATION_DIR, reportDir);
            Path model = packageModel(dataset, checkpoints, report, trialRun, scratch);
            new RunArtifacts(store).uploadTree(run, ModelPackage.ARTIFACT_PATH, model);
            tracker.setTags(runId, tags(report, testSet));
            Map<String, Double> metrics = ReportMetrics.of(report, "");
            if (testSet != null) {
                metrics.putAll(ReportMetrics.of(testSet.chosenReport(), TEST_SET_PREFIX));
            }
            tracker.logMetrics(runId, metrics, 0);
            // A trial the scheduler stopped is not FINISHED: a later sweep without a scheduler resumes it from its
            // checkpoint instead of reusing its results (the tag ScheduleWorker.TRIAL_STATUS_TAG says why it ended).
            boolean stopped = ScheduleWorker.STOPPED.equals(input.has("trialStatus") ? input.string("trialStatus")
                    : ScheduleWorker.COMPLETED);
            tracker.finish(runId, stopped ? RunStatus.KILLED : RunStatus.FINISHED);
            return output(report, testSet, evaluationUri, (System.nanoTime() - start) / 1e9);
        } finally {
            FileTrees.deleteRecursively(scratch);
        }
    }

    private static EvaluationReport evaluateCheckpoint(PreparedDataset dataset, Path checkpoints,
                                                       ModelSelection selection, EvaluationOptions options,
                                                       Path outputDir) {
        try (TrainedModel model = TrainedModel.load(checkpoints.resolve(selection.checkpoint() + PARAMS))) {
            return new Evaluator().evaluate(dataset.dir(), dataset.description(), dataset.testCases(), model,
                    selection, options, outputDir);
        }
    }

    /**
     * The evaluated checkpoint as a model package (the trial run's {@code model/} artifact), so that every evaluated
     * trial can be predicted with.
     */
    private static Path packageModel(PreparedDataset dataset, Path checkpoints, EvaluationReport report, Run trialRun,
                                     Path scratch) {
        String trialKey = trialRun.getData().getTagsList().stream()
                .filter(t -> t.getKey().equals(MlflowTracker.TRIAL_KEY_TAG)).map(RunTag::getValue).findFirst()
                .orElse("");
        ModelSelection selection = report.selection();
        ModelPackage.Origin origin = new ModelPackage.Origin(trialKey, trialRun.getInfo().getRunId(),
                CodeVersion.current(), report.mode().name().toLowerCase(Locale.ROOT),
                selection.checkpoint() + ": " + selection.label());
        Path dir = scratch.resolve(ModelPackage.ARTIFACT_PATH);
        ModelPackage.write(dir, checkpoints.resolve(selection.checkpoint() + PARAMS),
                DatasetManifest.read(dataset.dir()), origin);
        return dir;
    }

    /**
     * Scores every checkpoint on test (reusing the validation-selected one's report) and writes the choice and each
     * candidate's report, without predictions: the predictions of record are the validation-selected ones.
     */
    private static TestSetSelection testSetSelection(PreparedDataset dataset, Path checkpoints,
                                                     List<String> available, EvaluationReport selectedReport,
                                                     EvaluationOptions options, Path dir) {
        EvaluationOptions withoutPredictions = new EvaluationOptions(options.mode(), options.paperGeometry(),
                options.zSpacing(), false, options.batchSize());
        Map<String, EvaluationReport> candidates = new LinkedHashMap<>();
        for (String name : ModelSelection.testSetCandidates(available)) {
            Path candidateDir = dir.resolve("candidates").resolve(name);
            ModelSelection candidate = ModelSelection.testSetCandidate(name);
            if (name.equals(selectedReport.selection().checkpoint())) {
                EvaluationReport relabelled = selectedReport.withSelection(candidate);
                createDirectories(candidateDir);
                ReportFormats.writeAll(relabelled, candidateDir);
                candidates.put(name, relabelled);
            } else {
                candidates.put(name, evaluateCheckpoint(dataset, checkpoints, candidate, withoutPredictions,
                        candidateDir));
            }
        }
        TestSetSelection selection = new TestSetSelection(candidates);
        ReportFormats.writeAll(selection, dir);
        LOG.info("{}: {} chose '{}' of {} checkpoints (mean dice {})", TASK, ModelSelection.TEST_SET_LABEL,
                selection.chosen(), candidates.size(), selection.chosenReport().meanDice());
        return selection;
    }

    /** Names of the checkpoints ({@code <name>.params}) in a downloaded checkpoints folder, sorted. */
    static List<String> checkpointNames(Path folder) {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(PARAMS))
                    .map(f -> f.substring(0, f.length() - PARAMS.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Which checkpoint the run's numbers come from, how it was chosen, the metric mode and the dataset's protocol. */
    static Map<String, String> tags(EvaluationReport report, TestSetSelection testSet) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("selected_checkpoint", report.selection().checkpoint());
        tags.put("selection", report.selection().label());
        tags.put("metric_mode", report.mode().name().toLowerCase(Locale.ROOT));
        tags.put("eval_protocol", report.dataset().protocol().id());
        if (testSet != null) {
            tags.put(TEST_SET_PREFIX + "checkpoint", testSet.chosen());
            tags.put(TEST_SET_PREFIX + "selection", ModelSelection.TEST_SET_LABEL);
        }
        return tags;
    }

    static Map<String, Object> output(EvaluationReport report, TestSetSelection testSet, URI evaluationUri,
                                      double seconds) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("meanDice", TaskOutputs.finiteOrNull(report.meanDice()));
        output.put("meanHd95", TaskOutputs.finiteOrNull(report.meanHd95()));
        output.put("selectedCheckpoint", report.selection().checkpoint());
        output.put("selection", report.selection().label());
        output.put("metricMode", report.mode().name().toLowerCase(Locale.ROOT));
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (ClassSummary summary : report.classes()) {
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("dice", TaskOutputs.finiteOrNull(summary.meanDice()));
            scores.put("hd95", TaskOutputs.finiteOrNull(summary.meanHd95()));
            scores.put("jaccard", TaskOutputs.finiteOrNull(summary.meanJaccard()));
            perClass.put(summary.className(), scores);
        }
        output.put("perClass", perClass);
        output.put("predictionsUri", evaluationUri + "/predictions");
        output.put("reportUri", evaluationUri + "/" + ReportFormats.MARKDOWN);
        if (testSet != null) {
            EvaluationReport chosen = testSet.chosenReport();
            Map<String, Object> optimistic = new LinkedHashMap<>();
            optimistic.put("label", ModelSelection.TEST_SET_LABEL);
            optimistic.put("checkpoint", testSet.chosen());
            optimistic.put("meanDice", TaskOutputs.finiteOrNull(chosen.meanDice()));
            optimistic.put("meanHd95", TaskOutputs.finiteOrNull(chosen.meanHd95()));
            optimistic.put("reportUri", evaluationUri + "/" + TEST_SET_DIR + "/" + ReportFormats.MARKDOWN);
            output.put("testSetSelection", optimistic);
        }
        output.put("evalSeconds", seconds);
        return output;
    }

    /** Downloads every file of the folder holding the checkpoint {@code key} (all checkpoints and their sidecars). */
    private static Path downloadFolder(String key, ObjectStore store, Path dir) {
        String prefix = key.substring(0, key.lastIndexOf('/') + 1);
        for (String file : store.list(prefix)) {
            String name = file.substring(prefix.length());
            if (!name.contains("/")) {
                store.getFile(file, dir.resolve(SafeNames.name(name, "S3 object " + store.uri(file))));
            }
        }
        createDirectories(dir);
        return dir;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
