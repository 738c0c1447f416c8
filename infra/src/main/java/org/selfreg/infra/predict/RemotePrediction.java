package org.selfreg.infra.predict;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.MetadataClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest;
import com.netflix.conductor.common.run.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.SafeNames;
import org.selfreg.eval.StagingFolder;
import org.selfreg.eval.predict.PredictionInputs;
import org.selfreg.eval.predict.TestTimeAugmentation;
import org.selfreg.infra.TaskDomains;
import org.selfreg.infra.sweep.SweepTimeoutException;
import org.selfreg.storage.ObjectStore;
import org.selfreg.workers.PredictBatchWorker;
import org.selfreg.workers.WorkflowDefinitions;

/**
 * A batch prediction on the workers of a Conductor server ({@code selfreg_predict}): the local inputs are uploaded to
 * {@code predictions/<id>/inputs/} of the bucket, the workflow predicts them into {@code predictions/<id>/outputs/}
 * and logs its MLflow run, and the predictions come back into the output folder (all of them or, on failure, none).
 */
public final class RemotePrediction {

    /** The S3 folder of all batch predictions. */
    static final String PREFIX = "predictions/";
    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * A finished batch prediction.
     *
     * @param workflowId   its Conductor workflow
     * @param runId        its MLflow run
     * @param models       the models as pinned (aliases resolved to versions)
     * @param files        inputs predicted
     * @param inputsDigest the digest of the inputs, as logged
     * @param outDir       where the predictions are now
     */
    public record Outcome(String workflowId, String runId, List<String> models, int files, String inputsDigest,
                          Path outDir) {
    }

    private final WorkflowClient workflows;
    private final MetadataClient metadata;
    private final ObjectStore store;

    public RemotePrediction(ConductorClient conductor, ObjectStore store) {
        this.workflows = new WorkflowClient(conductor);
        this.metadata = new MetadataClient(conductor);
        this.store = store;
    }

    /**
     * Predicts the inputs at {@code input} with {@code models} (URIs on the servers) on the workers, into
     * {@code outDir}.
     *
     * @param filesPerBatch input files per {@code selfreg_predict_batch} task
     * @param domain        the task domain of the batches (the training workers' pool), or null
     * @param progress      told the number of finished batches
     * @throws InvalidInputException if an input or model is bad, or the workflow failed (its reason)
     */
    public Outcome run(List<String> models, TestTimeAugmentation tta, Path input, Path outDir, int filesPerBatch,
                       String domain, Duration timeout, IntConsumer progress) throws InterruptedException {
        List<Path> files = PredictionInputs.files(input);
        String folder = PREFIX + "predict-" + UUID.randomUUID();
        for (Path file : files) {
            String name = SafeNames.name(file.getFileName().toString(), "input file " + file);
            store.putFile(folder + "/inputs/" + name, file);
        }
        Map<String, Object> workflowInput = new LinkedHashMap<>();
        workflowInput.put("models", models);
        workflowInput.put("inputsUri", store.uri(folder + "/inputs").toString());
        workflowInput.put("outputUri", store.uri(folder + "/outputs").toString());
        workflowInput.put("tta", tta.id());
        workflowInput.put("filesPerTask", filesPerBatch);
        WorkflowDefinitions.register(metadata);
        StartWorkflowRequest start = new StartWorkflowRequest();
        start.setName(WorkflowDefinitions.PREDICT_WORKFLOW);
        start.setVersion(WorkflowDefinitions.PREDICT_VERSION);
        start.setInput(workflowInput);
        if (domain != null) {
            start.setTaskToDomain(TaskDomains.accelerated(domain));
        }
        Workflow done = await(workflows.startWorkflow(start), timeout, progress);
        Map<String, Object> output = done.getOutput();
        download(folder + "/outputs/", outDir.toAbsolutePath());
        @SuppressWarnings("unchecked")
        List<String> pinned = (List<String>) output.get("models");
        return new Outcome(done.getWorkflowId(), (String) output.get("runId"), pinned,
                ((Number) output.get("files")).intValue(), (String) output.get("inputsDigest"), outDir);
    }

    private Workflow await(String workflowId, Duration timeout, IntConsumer progress) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Workflow workflow = workflows.getWorkflow(workflowId, true);
            progress.accept((int) workflow.getTasks().stream().filter(t -> PredictBatchWorker.TASK
                    .equals(t.getTaskDefName()) && t.getStatus() == Task.Status.COMPLETED).count());
            if (workflow.getStatus() == Workflow.WorkflowStatus.COMPLETED) {
                return workflow;
            }
            if (workflow.getStatus().isTerminal()) {
                throw new InvalidInputException("batch prediction " + workflowId + " ended "
                        + workflow.getStatus() + ": " + reason(workflow));
            }
            if (System.nanoTime() > deadline) {
                workflows.terminateWorkflow(workflowId, "no result within " + timeout);
                throw new SweepTimeoutException("batch prediction " + workflowId + " did not end within " + timeout
                        + "; it was terminated");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The reason of the first failed task, or else the workflow's. */
    private static String reason(Workflow workflow) {
        return workflow.getTasks().stream().filter(t -> t.getStatus() != null && !t.getStatus().isSuccessful())
                .map(Task::getReasonForIncompletion).filter(r -> r != null && !r.isBlank()).findFirst()
                .orElse(String.valueOf(workflow.getReasonForIncompletion()));
    }

    /** Every object under {@code prefix} into {@code outDir}, through a staging folder beside it. */
    private void download(String prefix, Path outDir) {
        Path staging = StagingFolder.beside(outDir);
        try {
            for (String key : store.list(prefix)) {
                String name = key.substring(prefix.length());
                store.getFile(key, staging.resolve(SafeNames.name(name, "prediction " + store.uri(key))));
            }
            StagingFolder.publish(staging, outDir);
        } finally {
            FileTrees.deleteRecursively(staging);
        }
    }
}
