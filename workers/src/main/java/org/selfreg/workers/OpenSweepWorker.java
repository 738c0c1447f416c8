package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlflow.api.proto.Service.RunInfo;
import org.selfreg.dataprep.Sha256;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunRef;
import org.selfreg.workers.scheduling.SchedulerSpec;

/**
 * {@code selfreg_open_sweep}: opens the sweep's MLflow parent run and plans its trials (every combination of the grid,
 * with every point of the search if there is one), as the dynamic fork's task list of {@code selfreg_trial}
 * sub-workflows.
 *
 * <p>A trial whose key already has a FINISHED MLflow run in the experiment is not run again: the summary reuses that
 * run's results. A trial a scheduler stopped (its run KILLED) is run again: it resumes from its checkpoint, and under
 * the same scheduler reads its recorded decision back. Every trial gets the sweep's scheduler and its scope
 * ({@link #schedulerScope}), where the trials' records meet. The forks are optional tasks, so one failed trial does not fail the sweep: the summary reports it.
 * Every trial is checked here ({@link TrialPlan}) before any is started: a typo or an impossible value in one trial is a
 * mistake in the sweep, better reported at once than after the other trials have trained.
 */
public final class OpenSweepWorker extends PipelineWorker {

    public static final String TASK = "selfreg_open_sweep";
    static final String TRIAL_WORKFLOW = "selfreg_trial";
    static final int TRIAL_WORKFLOW_VERSION = 1;
    private final WorkerContext context;

    public OpenSweepWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        TrialPlan plan = TrialPlan.of(input.objectOrEmpty("grid"), input.objectOrEmpty("search"),
                input.objectOrEmpty("trial"), input.objectOrEmpty("evaluation"));
        SchedulerSpec scheduler = SchedulerSpec.of(input.objectOrEmpty("scheduler"));
        Map<String, Object> shared = input.objectOrEmpty("trial").values();
        String datasetDigest = input.string("datasetDigest");
        String datasetUri = input.s3Uri("datasetUri").toString();
        String codeVersion = CodeVersion.current();

        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            String experimentId = tracker.experimentId(input.string("experiment"));
            Map<String, String> params = new LinkedHashMap<>();
            params.put("grid", input.objectOrEmpty("grid").values().toString());
            if (input.has("search")) {
                params.put("search", input.map("search").toString());
            }
            params.put("scheduler", scheduler.toMap().toString());
            params.put("dataset_uri", datasetUri);
            shared.forEach((k, v) -> params.put(k, String.valueOf(v)));
            RunRef parent = tracker.openParentRun(experimentId, task.getWorkflowInstanceId(),
                    input.string("sweepName"),
                    Map.of("mlflow.source.git.commit", codeVersion,
                            "conductor.workflowId", task.getWorkflowInstanceId(),
                            "dataset_digest", datasetDigest),
                    params);
            tracker.logDatasetInput(parent.runId(), datasetDigest, datasetUri, "training");

            String scope = schedulerScope(experimentId, input.string("sweepName"), datasetDigest, codeVersion,
                    scheduler, plan);
            List<Map<String, Object>> trials = new ArrayList<>();
            List<Map<String, Object>> dynamicTasks = new ArrayList<>();
            Map<String, Object> dynamicTasksInput = new LinkedHashMap<>();
            for (int i = 0; i < plan.trials().size(); i++) {
                TrialPlan.Trial planned = plan.trials().get(i);
                // Pretrained weights enter the key by content (sha256), so an s3:// reference is fetched to hash it.
                String key = plan.key(planned, datasetDigest, codeVersion,
                        ref -> TrainWorker.localPretrained(ref, store, context));
                String ref = "trial_" + i;
                Map<String, Object> trial = new LinkedHashMap<>();
                trial.put("ref", ref);
                trial.put("label", planned.label());
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
                    Map<String, Object> trialInput = new LinkedHashMap<>();
                    trialInput.put("trialKey", key);
                    trialInput.put("label", planned.label());
                    trialInput.put("trial", planned.config());
                    trialInput.put("evaluation", plan.evaluation());
                    trialInput.put("datasetUri", datasetUri);
                    trialInput.put("experimentId", experimentId);
                    trialInput.put("parentRunId", parent.runId());
                    trialInput.put("scheduler", scheduler.toMap());
                    trialInput.put("schedulerScope", scope);
                    dynamicTasksInput.put(ref, trialInput);
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
            output.put("schedulerScope", scope);
            return output;
        }
    }

    /**
     * The trials a scheduler compares with one another: this sweep's, by experiment and name, on the same data and
     * code, under the same rule and evaluation. A rerun of the sweep finds its records (and decisions) again.
     */
    static String schedulerScope(String experimentId, String sweepName, String datasetDigest, String codeVersion,
                                 SchedulerSpec scheduler, TrialPlan plan) {
        String identity = String.join("\n", experimentId, sweepName, datasetDigest, codeVersion,
                scheduler.toMap().toString(), new TreeMap<>(plan.evaluation()).toString());
        return Sha256.of(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 24);
    }
}
