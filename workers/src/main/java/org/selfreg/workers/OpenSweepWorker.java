package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service.RunInfo;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunRef;

/**
 * {@code selfreg_open_sweep}: opens the sweep's MLflow parent run and plans its trials (every combination of the grid),
 * as the dynamic fork's task list of {@code selfreg_trial} sub-workflows.
 *
 * <p>A trial whose key already has a FINISHED MLflow run in the experiment is not run again: the summary reuses that
 * run's results. The forks are optional tasks, so one failed trial does not fail the sweep: the summary reports it.
 * Trials are validated by the training task, not here, so that one bad trial fails alone.
 */
public final class OpenSweepWorker extends PipelineWorker {

    public static final String TASK = "selfreg_open_sweep";
    static final String TRIAL_WORKFLOW = "selfreg_trial";
    static final int TRIAL_WORKFLOW_VERSION = 1;
    // Thousands of forks have broken Conductor servers (orchestration.md): refuse absurd sweeps up front.
    static final int MAX_TRIALS = 256;

    private final WorkerContext context;

    public OpenSweepWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        List<Map<String, Object>> points = TrialGrid.expand(input.map("grid"));
        if (points.size() > MAX_TRIALS) {
            throw new InvalidInputException("the sweep's grid has " + points.size() + " trials, more than "
                    + MAX_TRIALS + ": split it into several sweeps");
        }
        Map<String, Object> shared = input.objectOrEmpty("trial").values();
        Map<String, Object> evaluation = input.objectOrEmpty("evaluation").values();
        String datasetDigest = input.string("datasetDigest");
        String datasetUri = input.s3Uri("datasetUri").toString();
        String codeVersion = CodeVersion.current();

        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            String experimentId = tracker.experimentId(input.string("experiment"));
            Map<String, String> params = new LinkedHashMap<>();
            params.put("grid", input.map("grid").toString());
            params.put("dataset_uri", datasetUri);
            shared.forEach((k, v) -> params.put(k, String.valueOf(v)));
            RunRef parent = tracker.openParentRun(experimentId, task.getWorkflowInstanceId(),
                    input.string("sweepName"),
                    Map.of("mlflow.source.git.commit", codeVersion,
                            "conductor.workflowId", task.getWorkflowInstanceId(),
                            "dataset_digest", datasetDigest),
                    params);
            tracker.logDatasetInput(parent.runId(), datasetDigest, datasetUri, "training");

            List<Map<String, Object>> trials = new ArrayList<>();
            List<Map<String, Object>> dynamicTasks = new ArrayList<>();
            Map<String, Object> dynamicTasksInput = new LinkedHashMap<>();
            for (int i = 0; i < points.size(); i++) {
                Map<String, Object> config = TrialGrid.trialConfig(shared, points.get(i));
                // Evaluation options change the results a finished run holds, so they are part of the key too.
                Map<String, Object> identity = new LinkedHashMap<>(config);
                evaluation.forEach((k, v) -> identity.put("evaluation." + k, v));
                // Pretrained weights enter the key by content (sha256), so an s3:// reference is fetched to hash it.
                String key = TrialSpec.key(identity, datasetDigest, codeVersion,
                        ref -> TrainWorker.localPretrained(ref, store, context));
                String ref = "trial_" + i;
                Map<String, Object> trial = new LinkedHashMap<>();
                trial.put("ref", ref);
                trial.put("label", TrialGrid.label(points.get(i)));
                trial.put("trialKey", key);
                Optional<RunInfo> finished = tracker.finishedTrialRun(experimentId, key);
                if (finished.isPresent()) {
                    trial.put("reusedRunId", finished.get().getRunId());
                } else {
                    dynamicTasks.add(Map.of(
                            "name", TRIAL_WORKFLOW,
                            "taskReferenceName", ref,
                            "type", "SUB_WORKFLOW",
                            "optional", true,
                            "subWorkflowParam", Map.of("name", TRIAL_WORKFLOW, "version", TRIAL_WORKFLOW_VERSION)));
                    dynamicTasksInput.put(ref, Map.of(
                            "trialKey", key,
                            "trial", config,
                            "evaluation", evaluation,
                            "datasetUri", datasetUri,
                            "experimentId", experimentId,
                            "parentRunId", parent.runId()));
                }
                trials.add(trial);
            }
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("experimentId", experimentId);
            output.put("parentRunId", parent.runId());
            output.put("parentRunUrl", parent.uiUrl(context.mlflowUri()).toString());
            output.put("trials", trials);
            output.put("dynamicTasks", dynamicTasks);
            output.put("dynamicTasksInput", dynamicTasksInput);
            return output;
        }
    }
}
