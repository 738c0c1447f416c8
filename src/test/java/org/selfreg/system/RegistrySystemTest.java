package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.selfreg.system.CommandLine.selfreg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.RunInfo;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;
import org.selfreg.eval.predict.PredictionRecord;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.storage.S3Settings;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.ModelRegistry;
import org.selfreg.tracking.RegisteredModelUri;
import org.selfreg.tracking.RegisteredModels;

/**
 * From a finished sweep to a promoted model on the real stack: a two-trial sweep registers the trial with the best
 * validation Dice, a second run of the sweep (its trials reused) finds the same version, {@code promote} points
 * {@code champion} at it, {@code models:/NAME@champion} resolves to that trial's run, {@code predict} with it segments
 * a folder of new NIfTI scans into labels on their grids (the same as predicting offline with the version exported by
 * {@code export-model}), and {@code compare} says which trial the version came from: the two commands from a finished
 * sweep to predictions, {@code promote} and {@code predict}, through the command line. The same prediction as a
 * {@code selfreg_predict} workflow on the stack's workers ({@code --workers remote}) gives the same labels and logs
 * one MLflow run with the pinned version.
 */
class RegistrySystemTest {

    private static final String EXPERIMENT = "registry-system-test";
    private static final String MODEL = "tiny-unet";

    @Test
    void aSweepRegistersItsBestTrialByValidationAndPromoteMakesItTheChampion() throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "system-test")).toAbsolutePath();
        SweepRequest request = new SweepRequest(EXPERIMENT, EXPERIMENT, TinySweeps.DATASET,
                SweepRequest.lambdaGrid(List.of(0.0, 0.1)), TinySweeps.TRIAL, Map.of(), MODEL);
        try (InProcessStack stack = InProcessStack.start(Files.createTempDirectory(workDir, "stack-"),
                Files.createTempDirectory(workDir, "worker-"));
             MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
            TinySweeps sweeps = new TinySweeps(stack.conductor());
            Map<String, Object> first = output(sweeps.run(request), stack);
            assertEquals("models:/" + MODEL + "/1", first.get("registeredModel"), first::toString);

            String parentRunId = (String) first.get("parentRunId");
            List<RunInfo> trials = mlflow.childRuns(mlflow.run(parentRunId).getInfo().getExperimentId(), parentRunId);
            assertEquals(2, trials.size());
            double top = trials.stream().mapToDouble(t -> bestValidationDice(mlflow, t.getRunId())).max()
                    .orElseThrow();
            ModelRegistry registry = mlflow.registry();
            ModelRegistry.Version version = registry.version(MODEL, "1").orElseThrow();
            String best = version.runId();
            assertEquals(top, bestValidationDice(mlflow, best), "the registered trial has the best validation Dice");
            assertEquals(URI.create(mlflow.run(best).getInfo().getArtifactUri() + "/model"), version.source());
            assertEquals(parentRunId, version.tags().get(ModelRegistry.SWEEP_RUN_TAG));
            String trialKey = tag(mlflow, best, MlflowTracker.TRIAL_KEY_TAG);
            assertEquals(trialKey, version.tags().get(MlflowTracker.TRIAL_KEY_TAG));

            Map<String, Object> again = output(sweeps.run(request), stack);
            assertEquals("models:/" + MODEL + "/1", again.get("registeredModel"), "the same trial, the same version");
            assertEquals(1, registry.versionsOfRuns(trials.stream().map(RunInfo::getRunId).toList()).size());

            String url = stack.endpoints().mlflow().toString();
            CommandLine promoted = selfreg("promote", MODEL, "1", "--alias", "champion", "--mlflow-url", url);
            assertEquals(0, promoted.code(), promoted::toString);
            assertEquals(List.of("models:/" + MODEL + "@champion is now version 1 (run " + best + ", trial "
                    + trialKey + ")"), promoted.out().lines().toList());
            assertOneLine(selfreg("promote", MODEL, "9", "--mlflow-url", url), "has no version 9");
            assertOneLine(selfreg("promote", "no-such-model", "1", "--mlflow-url", url),
                    "has no registered model 'no-such-model'");

            ModelRegistry.Version champion = new RegisteredModels(registry, stack.endpoints().mlflow())
                    .resolve(RegisteredModelUri.parse("models:/" + MODEL + "@champion"));
            assertEquals(best, champion.runId());

            // The second command from the finished sweep to predictions on new scans: predict from the registry.
            S3Settings s3 = stack.endpoints().s3();
            Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY",
                    s3.secretKey());
            List<String> servers = List.of("--mlflow-url", url, "--s3-endpoint", s3.endpoint().toString(),
                    "--s3-bucket", s3.bucket(), "--work-dir", Files.createTempDirectory(workDir, "cli-").toString());
            Path scans = newScans(workDir);
            Path predicted = workDir.resolve("predicted-" + System.nanoTime());
            CommandLine predict = selfreg(credentials, withServers(servers, "predict", "--model",
                    "models:/" + MODEL + "@champion", "--input", scans.toString(), "--out", predicted.toString()));
            assertEquals(0, predict.code(), predict::toString);
            assertTrue(predict.out().contains("2 file(s) in "), predict::toString);

            // The same version exported to a folder predicts the same labels offline.
            Path exported = Files.createTempDirectory(workDir, "model-");
            CommandLine export = selfreg(credentials, withServers(servers, "export-model", "--model",
                    "models:/" + MODEL + "@champion", "--out", exported.toString()));
            assertEquals(0, export.code(), export::toString);
            assertTrue(export.out().startsWith("Model models:/" + MODEL + "/1 (run " + best + ","), export::toString);
            Path offline = workDir.resolve("predicted-offline-" + System.nanoTime());
            CommandLine local = selfreg(Map.of(), "predict", "--model", exported.toString(), "--input",
                    scans.toString(), "--out", offline.toString());
            assertEquals(0, local.code(), local::toString);
            for (String scan : List.of("img0001", "img0002")) {
                assertLabelsOnTheScansGrid(scans.resolve(scan + ".nii.gz"), predicted.resolve(scan + ".nii.gz"),
                        offline.resolve(scan + ".nii.gz"));
                PredictionRecord record = new ObjectMapper().readValue(predicted.resolve(scan + ".json").toFile(),
                        PredictionRecord.class);
                assertEquals(List.of("models:/" + MODEL + "/1", best), List.of(record.models().getFirst().source(),
                        record.models().getFirst().runId()), record::toString);
            }

            // The same prediction as the selfreg_predict workflow on the stack's workers, one file per batch.
            Path remote = workDir.resolve("predicted-remote-" + System.nanoTime());
            CommandLine onWorkers = selfreg(credentials, withServers(servers, "predict", "--workers", "remote",
                    "--conductor-url", stack.endpoints().conductorApi().toString(), "--files-per-batch", "1",
                    "--model", "models:/" + MODEL + "@champion", "--input", scans.toString(), "--out",
                    remote.toString()));
            assertEquals(0, onWorkers.code(), onWorkers::toString);
            for (String scan : List.of("img0001", "img0002")) {
                assertArrayEquals(NiftiReader.read(predicted.resolve(scan + ".nii.gz")).data(),
                        NiftiReader.read(remote.resolve(scan + ".nii.gz")).data(), scan);
                String input = new ObjectMapper().readValue(remote.resolve(scan + ".json").toFile(),
                        PredictionRecord.class).input();
                assertTrue(input.startsWith("s3://") && input.endsWith("/inputs/" + scan + ".nii.gz"), input);
            }
            Map<String, String> logged = params(mlflow, runIdIn(onWorkers.out()));
            assertEquals(List.of("models:/" + MODEL + "/1", "models:/" + MODEL + "@champion", "none"),
                    List.of(logged.get("models"), logged.get("requested_models"), logged.get("tta")), logged::toString);
            assertEquals(64, logged.get("inputs_digest").length(), logged::toString);
            assertEquals(2.0, mlflow.latestMetrics(runIdIn(onWorkers.out())).get("files"));

            // A model that does not exist ends the workflow at its first task: one line, nothing in --out.
            Path nothing = workDir.resolve("predicted-nothing-" + System.nanoTime());
            CommandLine missing = selfreg(credentials, withServers(servers, "predict", "--workers", "remote",
                    "--conductor-url", stack.endpoints().conductorApi().toString(), "--model",
                    "models:/no-such-model@champion", "--input", scans.toString(), "--out", nothing.toString()));
            assertOneLine(missing, "has no registered model 'no-such-model'");
            assertFalse(Files.exists(nothing), missing::toString);

            Path report = Files.createTempDirectory(workDir, "compare-");
            CommandLine compared = selfreg("compare", "--mlflow-url", url, "--experiments", EXPERIMENT, "--out",
                    report.toString());
            assertEquals(0, compared.code(), compared::toString);
            assertTrue(Files.readString(report.resolve("comparison.md"))
                    .contains("| models:/" + MODEL + "/1 | champion | "), compared::toString);
        }
    }

    /** Two raw CT scans the sweep never saw, in a folder: {@code img0001.nii.gz}, {@code img0002.nii.gz}. */
    private static Path newScans(Path workDir) throws IOException {
        Path raw = Files.createTempDirectory(workDir, "scans-");
        SyntheticCtGenerator.generate(raw, new SyntheticSpec(2, 40, 5, 7, 23));
        return raw.resolve("img");
    }

    private static String[] withServers(List<String> servers, String... args) {
        return Stream.concat(Stream.of(args), servers.stream()).toArray(String[]::new);
    }

    /** The labels have the scan's shape and affine, and equal those predicted offline from the exported model. */
    private static void assertLabelsOnTheScansGrid(Path scan, Path labels, Path offlineLabels) {
        NiftiVolume input = NiftiReader.read(scan);
        NiftiVolume output = NiftiReader.read(labels);
        assertEquals(List.of(input.nx(), input.ny(), input.nz()), List.of(output.nx(), output.ny(), output.nz()),
                labels::toString);
        for (int row = 0; row < 3; row++) {
            assertArrayEquals(input.affine()[row], output.affine()[row], 1e-4, labels::toString);
        }
        assertArrayEquals(NiftiReader.read(offlineLabels).data(), output.data(), labels::toString);
    }

    /** The MLflow run id in {@code predict --workers remote}'s closing line {@code MLflow run ID (...)}. */
    private static String runIdIn(String out) {
        Matcher run = Pattern.compile("MLflow run (\\S+) ").matcher(out);
        assertTrue(run.find(), out);
        return run.group(1);
    }

    private static Map<String, String> params(MlflowTracker mlflow, String runId) {
        return mlflow.run(runId).getData().getParamsList().stream().collect(Collectors.toMap(p -> p.getKey(),
                p -> p.getValue()));
    }

    private static Map<String, Object> output(SweepOutcome outcome, InProcessStack stack) {
        assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
        return new WorkflowClient(stack.conductor()).getWorkflow(outcome.workflowId(), false).getOutput();
    }

    private static double bestValidationDice(MlflowTracker mlflow, String runId) {
        return mlflow.metricHistory(runId, "val_dice").stream().mapToDouble(Metric::getValue).max().orElseThrow();
    }

    private static String tag(MlflowTracker mlflow, String runId, String key) {
        return mlflow.run(runId).getData().getTagsList().stream().filter(t -> t.getKey().equals(key)).findFirst()
                .orElseThrow().getValue();
    }

    private static void assertOneLine(CommandLine outcome, String expected) {
        assertEquals(1, outcome.code(), outcome::toString);
        assertEquals(1, outcome.err().lines().count(), outcome::toString);
        assertTrue(outcome.err().contains(expected), outcome::toString);
    }
}
