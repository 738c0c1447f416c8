package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunRef;

/**
 * {@code selfreg_open_sweep}: opens the sweep's MLflow parent run and plans one {@code selfreg_trial} sub-workflow per
 * lambda, as the dynamic fork's task list.
 *
 * <p>The forks are optional tasks, so one failed trial does not fail the sweep: the summary reports it instead.
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
        List<Double> lambdas = input.numbers("lambdas");
        if (lambdas.size() > MAX_TRIALS) {
            throw new InvalidInputException("the sweep asks for " + lambdas.size() + " trials, more than "
                    + MAX_TRIALS + ": split it into several sweeps");
        }
        TaskInput trialInput = input.objectOrEmpty("trial");
        String datasetDigest = input.string("datasetDigest");
        String datasetUri = input.s3Uri("datasetUri").toString();
        String sweepName = input.string("sweepName");
        String codeVersion = CodeVersion.current();

        // Trials are validated by the training task, not here: one bad trial must fail alone, not the whole sweep.
        List<Map<String, Object>> configs = new ArrayList<>();
        for (double lambda : lambdas) {
            Map<String, Object> values = new LinkedHashMap<>(trialInput.values());
            values.put("lambdaIntra", lambda);
            values.put("lambdaInter", lambda);
            configs.add(TrialSpec.withDefaults(values));
        }

        try (MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            String experimentId = tracker.experimentId(input.string("experiment"));
            Map<String, String> params = new LinkedHashMap<>();
            params.put("lambdas", lambdas.toString());
            params.put("dataset_uri", datasetUri);
            configs.get(0).forEach((k, v) -> {
                if (!k.startsWith("lambda")) {
                    params.put(k, String.valueOf(v));
                }
            });
            RunRef parent = tracker.openParentRun(experimentId, task.getWorkflowInstanceId(), sweepName,
                    Map.of("mlflow.source.git.commit", codeVersion,
                            "conductor.workflowId", task.getWorkflowInstanceId(),
                            "dataset_digest", datasetDigest),
                    params);

            List<Map<String, Object>> trials = new ArrayList<>();
            List<Map<String, Object>> dynamicTasks = new ArrayList<>();
            Map<String, Object> dynamicTasksInput = new LinkedHashMap<>();
            for (int i = 0; i < configs.size(); i++) {
                Map<String, Object> config = configs.get(i);
                String key = TrialSpec.key(config, datasetDigest, codeVersion);
                String ref = "trial_" + i;
                trials.add(Map.of("ref", ref, "lambda", lambdas.get(i), "trialKey", key));
                dynamicTasks.add(Map.of(
                        "name", TRIAL_WORKFLOW,
                        "taskReferenceName", ref,
                        "type", "SUB_WORKFLOW",
                        "optional", true,
                        "subWorkflowParam", Map.of("name", TRIAL_WORKFLOW, "version", TRIAL_WORKFLOW_VERSION)));
                dynamicTasksInput.put(ref, Map.of(
                        "trialKey", key,
                        "trial", config,
                        "datasetUri", datasetUri,
                        "experimentId", experimentId,
                        "parentRunId", parent.runId()));
            }
            return Map.of(
                    "experimentId", experimentId,
                    "parentRunId", parent.runId(),
                    "parentRunUrl", parent.uiUrl(context.mlflowUri()).toString(),
                    "trials", trials,
                    "dynamicTasks", dynamicTasks,
                    "dynamicTasksInput", dynamicTasksInput);
        }
    }
}
