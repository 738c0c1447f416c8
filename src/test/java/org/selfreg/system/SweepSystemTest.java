package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.exception.ConductorClientException;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.infra.compare.Comparison;
import org.selfreg.infra.compare.TrialRecords;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.workers.SweepTable;

/**
 * Reduced sweeps through the real local stack: a Conductor server (child process), S3Proxy and an MLflow server.
 * Each test asserts on what the three servers hold afterwards, not on what our code says it did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepSystemTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String EXPERIMENT = "selfreg-system-test";

    private InProcessStack stack;
    private ConductorClient conductor;

    @BeforeAll
    void startStack() throws IOException {
        Path workDir = Files.createDirectories(Path.of("target", "system-test")).toAbsolutePath();
        stack = InProcessStack.start(Files.createTempDirectory(workDir, "stack-"),
                Files.createTempDirectory(workDir, "worker-"));
        conductor = stack.conductor();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void reducedSweepLeavesWorkflowsRunsAndArtifacts() throws Exception {
        SweepOutcome outcome = run(request("system-ok", List.of(0.0, 0.05)));

        assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
        List<SweepTable.Row> rows = outcome.table().rows();
        assertEquals(2, rows.size());
        for (SweepTable.Row row : rows) {
            assertTrue(row.completed(), row::toString);
            assertTrue(row.meanDice() >= 0 && row.meanDice() <= 1, row::toString);
            assertTrue(row.trainSeconds() > 0, row::toString);
        }

        Workflow sweep = new WorkflowClient(conductor).getWorkflow(outcome.workflowId(), true);
        List<Task> trials = sweep.getTasks().stream().filter(t -> t.getSubWorkflowId() != null).toList();
        assertEquals(2, trials.size());
        for (Task trial : trials) {
            assertEquals(Workflow.WorkflowStatus.COMPLETED,
                    new WorkflowClient(conductor).getWorkflow(trial.getSubWorkflowId(), false).getStatus());
        }

        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow());
             ObjectStore s3 = ObjectStore.open(stack.endpoints().s3())) {
            String parentRunId = (String) sweep.getOutput().get("parentRunId");
            Run parent = mlflow.run(parentRunId);
            assertEquals(RunStatus.FINISHED, parent.getInfo().getStatus());
            List<RunInfo> children = mlflow.childRuns(parent.getInfo().getExperimentId(), parentRunId);
            assertEquals(2, children.size());
            for (RunInfo child : children) {
                Run run = mlflow.run(child.getRunId());
                assertEquals(RunStatus.FINISHED, run.getInfo().getStatus());
                Map<String, Double> metrics = metrics(run);
                assertTrue(metrics.containsKey("loss"), () -> "metrics: " + metrics.keySet());
                assertTrue(metrics.containsKey("mean_dice"), () -> "metrics: " + metrics.keySet());
                String artifacts = ObjectStore.keyOf(URI.create(run.getInfo().getArtifactUri()), s3.settings());
                assertFalse(s3.list(artifacts + "/checkpoints/").isEmpty(), "checkpoint in S3");
                assertTrue(s3.list(artifacts + "/evaluation/predictions/").stream()
                        .anyMatch(k -> k.endsWith("_pred.nii.gz")), "NIfTI predictions in S3");
            }
            String datasetKey = ObjectStore.keyOf(URI.create(outcome.datasetUri()), s3.settings());
            assertTrue(s3.list(datasetKey + "/train_npz/").stream().anyMatch(k -> k.endsWith(".npz")),
                    "training slices in S3");

            SweepOutcome again = run(request("system-ok-again", List.of(0.0, 0.05)));
            assertTrue(again.completed(), () -> "resubmitted sweep ended " + again.status() + ": " + again.failures());
            assertEquals(List.of(SweepTable.Row.REUSED, SweepTable.Row.REUSED),
                    again.table().rows().stream().map(SweepTable.Row::status).toList());
            assertEquals(rows.stream().map(SweepTable.Row::meanDice).toList(),
                    again.table().rows().stream().map(SweepTable.Row::meanDice).toList());
            String againParentRunId = (String) new WorkflowClient(conductor)
                    .getWorkflow(again.workflowId(), false).getOutput().get("parentRunId");
            assertTrue(mlflow.childRuns(parent.getInfo().getExperimentId(), againParentRunId).isEmpty(),
                    "no new child runs for reused trials");

            Comparison comparison = Comparison.of(TrialRecords.read(mlflow, List.of(EXPERIMENT), List.of(parentRunId)));
            assertEquals(2, comparison.groups().size(), "one configuration per lambda");
            assertTrue(comparison.groups().get(0).organDice().containsKey("liver"), "per-organ Dice from MLflow");
        }
    }

    /**
     * The {@code uctransnet-synapse} preset, shrunk to one epoch at base width 4 and 32x32, trains and is evaluated
     * through the whole stack, and its run says that its SelfReg recipe is the project's.
     */
    @Test
    void aUCTransNetTrialTrainsAndIsEvaluatedEndToEnd() throws Exception {
        SweepRequest base = request("system-uctransnet", List.of(0.05));
        Map<String, Object> trial = new java.util.HashMap<>(base.trial());
        trial.put("preset", "uctransnet-synapse");
        trial.remove("baseLr");
        SweepOutcome outcome = run(new SweepRequest(base.experiment(), base.sweepName(), base.dataset(),
                Map.of("backbone", List.of("uctransnet")), trial, Map.of()));

        assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
        SweepTable.Row row = outcome.table().rows().get(0);
        assertTrue(row.completed() && row.meanDice() >= 0 && row.meanDice() <= 1, row::toString);
        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
            String parentRunId = (String) new WorkflowClient(conductor).getWorkflow(outcome.workflowId(), false)
                    .getOutput().get("parentRunId");
            Run parent = mlflow.run(parentRunId);
            List<RunInfo> children = mlflow.childRuns(parent.getInfo().getExperimentId(), parentRunId);
            assertEquals(1, children.size());
            Run child = mlflow.run(children.get(0).getRunId());
            assertEquals(RunStatus.FINISHED, child.getInfo().getStatus());
            assertTrue(metrics(child).containsKey("mean_dice"), () -> "metrics: " + metrics(child).keySet());
            assertTrue(child.getData().getParamsList().stream()
                    .anyMatch(p -> p.getKey().equals("backbone") && p.getValue().equals("uctransnet")));
            assertTrue(child.getData().getTagsList().stream().anyMatch(t -> t.getKey().equals("selfreg.kd_recipe")
                    && t.getValue().equals("project (not in the SelfReg paper)")), () -> "" + child.getData());
        }
    }

    /** A value the trial cannot take fails the sweep as it opens, before any trial trains. */
    @Test
    void aSweepWithAnImpossibleTrialFailsAsItOpens() throws Exception {
        SweepOutcome outcome = run(request("system-impossible", List.of(0.01, -1.0)));

        assertEquals("FAILED", outcome.status());
        assertTrue(outcome.table().rows().isEmpty(), "no trial ran");
        assertTrue(outcome.failures().stream().anyMatch(f -> f.contains("FAILED_WITH_TERMINAL_ERROR")
                && f.contains("grid point lambda=-1") && f.contains("lambdaIntra")), () -> "" + outcome.failures());
    }

    /**
     * A Sobol search of two points over two cross-validation folds: four trials, each point on each fold, the folds
     * prepared once and their validation cases disjoint, every trial's point and fold in its MLflow params.
     */
    @Test
    void aSobolSearchRunsEveryPointOnEveryFold() throws Exception {
        Map<String, Object> dataset = Map.of("source", "synthetic", "cases", 6, "size", 32, "minSlices", 8,
                "maxSlices", 12, "seed", 7, "folds", 2, "testCases", 2);
        Map<String, Object> search = Map.of("method", "sobol", "trials", 2, "seed", 3,
                "space", Map.of("lambdaIntra", Map.of("log", List.of(0.001, 0.15))));
        SweepOutcome outcome = run(new SweepRequest(EXPERIMENT, "system-search-folds", dataset,
                Map.of("fold", List.of(0, 1)), Map.of("epochs", 1, "baseWidth", 4, "imageSize", 32, "batchSize", 8,
                "seed", 7), Map.of(), search));

        assertEquals(4, outcome.table().rows().size(), () -> outcome.status() + ": " + outcome.failures());
        assertTrue(outcome.table().rows().stream().allMatch(SweepTable.Row::completed), outcome.table()::toString);
        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
            Set<List<String>> pointsAndFolds = new HashSet<>();
            for (SweepTable.Row row : outcome.table().rows()) {
                Map<String, String> params = new HashMap<>();
                mlflow.run(row.runId()).getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
                pointsAndFolds.add(List.of(params.get("lambdaIntra"), params.get("fold")));
            }
            assertEquals(4, pointsAndFolds.size(), "two drawn points, each on both folds: " + pointsAndFolds);
        }
    }

    /** Only a server that cannot be reached is waited for; any other failure of a call ends the wait at once. */
    @Test
    void followingASweepConductorDoesNotKnowFailsAtOnce() {
        assertThrows(ConductorClientException.class,
                () -> new SweepRunner(conductor).await("no-such-sweep", TIMEOUT, snapshot -> { }));
    }

    /**
     * A trial's fold is checked against the prepared dataset by the training task (the sweep cannot know the fold
     * count before preparation): the trial with a fold the dataset does not have fails alone, terminally.
     */
    @Test
    void trialWithBadInputFailsTerminallyAndTheSweepReportsIt() throws Exception {
        SweepRequest base = request("system-bad", List.of(0.01));
        Map<String, Object> twoFolds = new HashMap<>(base.dataset());
        twoFolds.remove("valCases");
        twoFolds.put("folds", 2);
        SweepOutcome outcome = run(new SweepRequest(base.experiment(), base.sweepName(), twoFolds,
                Map.of("fold", List.of(1, 2)), base.trial(), Map.of()));

        List<SweepTable.Row> rows = outcome.table().rows();
        assertEquals(2, rows.size(), () -> "sweep " + outcome.status() + ": " + outcome.failures());
        assertEquals(SweepTable.Row.COMPLETED, rows.get(0).status());
        assertEquals(SweepTable.Row.FAILED, rows.get(1).status());
        assertTrue(outcome.failures().stream().anyMatch(f -> f.contains("FAILED_WITH_TERMINAL_ERROR")),
                () -> "failures: " + outcome.failures());
    }

    private SweepOutcome run(SweepRequest request) throws InterruptedException {
        SweepRunner runner = new SweepRunner(conductor);
        return runner.await(runner.submit(request), TIMEOUT, snapshot -> { });
    }

    private static SweepRequest request(String name, List<Double> lambdas) {
        return new SweepRequest(EXPERIMENT, name,
                Map.of("source", "synthetic", "cases", 6, "size", 32, "minSlices", 8, "maxSlices", 12,
                        "seed", 7, "valCases", 1, "testCases", 2),
                SweepRequest.lambdaGrid(lambdas),
                Map.of("epochs", 1, "baseWidth", 4, "imageSize", 32, "batchSize", 8, "baseLr", 0.01, "seed", 7),
                Map.of());
    }

    private static Map<String, Double> metrics(Run run) {
        Map<String, Double> metrics = new HashMap<>();
        run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
        return metrics;
    }
}
