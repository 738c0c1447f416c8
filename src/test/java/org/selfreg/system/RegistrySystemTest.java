package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.selfreg.system.CommandLine.selfreg;

import com.netflix.conductor.client.http.WorkflowClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.RunInfo;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.infra.models.RegisteredModelUri;
import org.selfreg.infra.models.RegisteredModels;
import org.selfreg.infra.models.RunModelDownload;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.ModelRegistry;

/**
 * From a finished sweep to a promoted model on the real stack: a two-trial sweep registers the trial with the best
 * validation Dice, a second run of the sweep (its trials reused) finds the same version, {@code promote} points
 * {@code champion} at it, {@code models:/NAME@champion} resolves to that trial's run and its model downloads, and
 * {@code compare} says which trial the version came from.
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
             MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow());
             ObjectStore s3 = ObjectStore.open(stack.endpoints().s3())) {
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
            ModelPackage model = new RunModelDownload(mlflow, s3, s3.settings().bucket())
                    .download(champion, Files.createTempDirectory(workDir, "model-"));
            assertEquals(best, model.card().runId());
            assertEquals("models:/" + MODEL + "/1", model.source());

            Path report = Files.createTempDirectory(workDir, "compare-");
            CommandLine compared = selfreg("compare", "--mlflow-url", url, "--experiments", EXPERIMENT, "--out",
                    report.toString());
            assertEquals(0, compared.code(), compared::toString);
            assertTrue(Files.readString(report.resolve("comparison.md"))
                    .contains("| models:/" + MODEL + "/1 | champion | "), compared::toString);
        }
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
