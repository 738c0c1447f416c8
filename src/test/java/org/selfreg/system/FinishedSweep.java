package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.http.WorkflowClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunModelDownload;
import org.selfreg.workers.SweepTable;

/**
 * A one-trial sweep run to its end on an in-process stack, and what it left where a user would look: the trial's
 * MLflow child run (params, metric names, artifacts in S3) and the prepared dataset's manifest.
 *
 * @param child     the trial's child run, FINISHED
 * @param params    the child run's parameters
 * @param metrics   the names of the child run's metrics
 * @param artifacts the S3 keys under the child run's artifact URI
 * @param manifest  the prepared dataset's manifest, read from S3
 * @param model     the trial's model package, downloaded from its run's artifacts as {@code export-model} does
 */
record FinishedSweep(Run child, Map<String, String> params, Set<String> metrics, List<String> artifacts,
                     DatasetManifest manifest, ModelPackage model) {

    /** Runs {@code request} (one trial) under {@code workDir} and checks that it completed with a score in [0, 1]. */
    static FinishedSweep run(SweepRequest request, Path workDir) throws Exception {
        try (InProcessStack stack = InProcessStack.start(Files.createTempDirectory(workDir, "stack-"),
                Files.createTempDirectory(workDir, "worker-"))) {
            SweepRunner runner = new SweepRunner(stack.conductor());
            SweepOutcome outcome = runner.await(runner.submit(request), TinySweeps.TIMEOUT, snapshot -> { });

            assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
            SweepTable.Row row = outcome.table().rows().getFirst();
            assertTrue(row.completed() && row.meanDice() >= 0 && row.meanDice() <= 1, row::toString);
            try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow());
                 ObjectStore s3 = ObjectStore.open(stack.endpoints().s3())) {
                String parentRunId = (String) new WorkflowClient(stack.conductor())
                        .getWorkflow(outcome.workflowId(), false).getOutput().get("parentRunId");
                Run parent = mlflow.run(parentRunId);
                List<RunInfo> children = mlflow.childRuns(parent.getInfo().getExperimentId(), parentRunId);
                assertEquals(1, children.size());
                Run child = mlflow.run(children.getFirst().getRunId());
                assertEquals(RunStatus.FINISHED, child.getInfo().getStatus());
                Map<String, String> params = child.getData().getParamsList().stream()
                        .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
                Set<String> metrics = child.getData().getMetricsList().stream().map(m -> m.getKey())
                        .collect(Collectors.toSet());
                List<String> artifacts = s3.list(ObjectStore.keyOf(URI.create(child.getInfo().getArtifactUri()),
                        s3.settings()));

                Path manifestDir = Files.createTempDirectory(workDir, "manifest-");
                String datasetKey = ObjectStore.keyOf(URI.create(outcome.datasetUri()), s3.settings());
                // The key as listed: one built by hand need not be the key the store signs.
                String manifestKey = s3.list(datasetKey).stream()
                        .filter(k -> k.endsWith("/" + DatasetManifest.FILE_NAME)).findFirst().orElseThrow();
                s3.getFile(manifestKey, manifestDir.resolve(DatasetManifest.FILE_NAME));
                ModelPackage model = new RunModelDownload(mlflow, s3, s3.settings().bucket())
                        .download(child.getInfo().getRunId(), Files.createTempDirectory(workDir, "model-"));
                return new FinishedSweep(child, params, metrics, artifacts, DatasetManifest.read(manifestDir), model);
            }
        }
    }
}
