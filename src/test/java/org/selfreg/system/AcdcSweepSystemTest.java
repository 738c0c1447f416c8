package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.http.WorkflowClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.synthetic.AcdcGenerator;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.workers.SweepTable;

/**
 * A tiny ACDC sweep through the real local stack: generated patients in ACDC's distributed layout are prepared
 * ({@code layout: acdc}), a shrunk {@code unet-acdc} trial trains on them and is evaluated, and the dataset in S3
 * describes itself as ACDC.
 */
class AcdcSweepSystemTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Test
    void aTinyAcdcSweepPreparesTrainsAndEvaluatesGeneratedPatients() throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "system-test")).toAbsolutePath();
        Path patients = Files.createTempDirectory(workDir, "acdc-");
        AcdcGenerator.write(patients, 4, 5);
        // Two training patients (4 frames, 32 slices), one validation and one test patient.
        Map<String, Object> dataset = Map.of("source", "raw", "path", patients.toString(), "layout", "acdc",
                "valCases", 1, "testCases", 1, "splitSeed", 3);
        Map<String, Object> trial = Map.of("preset", "unet-acdc", "epochs", 2, "baseWidth", 4, "imageSize", 32,
                "batchSize", 8, "seed", 7);
        SweepRequest request = new SweepRequest("selfreg-acdc-system-test", "acdc-tiny", dataset,
                SweepRequest.lambdaGrid(List.of(0.1)), trial, Map.of());

        try (InProcessStack stack = InProcessStack.start(Files.createTempDirectory(workDir, "stack-"),
                Files.createTempDirectory(workDir, "worker-"))) {
            SweepRunner runner = new SweepRunner(stack.conductor());
            SweepOutcome outcome = runner.await(runner.submit(request), TIMEOUT, snapshot -> { });

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
                assertTrue(child.getData().getMetricsList().stream().anyMatch(m -> m.getKey().equals("mean_dice")),
                        () -> "metrics: " + child.getData().getMetricsList());

                Path manifestDir = Files.createTempDirectory(workDir, "manifest-");
                String datasetKey = ObjectStore.keyOf(URI.create(outcome.datasetUri()), s3.settings());
                String manifestKey = s3.list(datasetKey).stream()
                        .filter(k -> k.endsWith("/" + DatasetManifest.FILE_NAME)).findFirst().orElseThrow();
                s3.getFile(manifestKey, manifestDir.resolve(DatasetManifest.FILE_NAME));
                DatasetManifest manifest = DatasetManifest.read(manifestDir);
                assertEquals(DatasetDescription.acdc(), manifest.description());
                assertEquals("acdc", manifest.config().get("layout"));
                String testPatient = manifest.testCases().getFirst().replace("_ED", "");
                assertEquals(List.of(testPatient + "_ED", testPatient + "_ES"), manifest.testCases(),
                        "both frames of the test patient");
            }
        }
    }
}
