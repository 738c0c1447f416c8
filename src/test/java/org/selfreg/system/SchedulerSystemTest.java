package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.infra.compare.Comparison;
import org.selfreg.infra.compare.TrialRecords;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.workers.ScheduleWorker;
import org.selfreg.workers.SweepTable;

/**
 * A sweep under ASHA on the real local stack (Conductor, S3Proxy, MLflow): a Sobol search whose weak trials stop at
 * the rung, each decision recorded in S3 and on the trial's run and read back when the sweep runs again; the same
 * sweep without a scheduler then resumes the stopped trials from their checkpoints to the last epoch, with exactly the
 * metrics of an uninterrupted run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerSystemTest {

    private static final String EXPERIMENT = "selfreg-scheduler-test";
    private static final String UNINTERRUPTED = "selfreg-scheduler-test-uninterrupted";
    /** Four learning rates from 1e-4 to 0.1 on a log scale: one epoch already tells some of them apart. */
    private static final Map<String, Object> SEARCH = Map.of("method", "sobol", "trials", 4, "seed", 11,
            "space", Map.of("baseLr", Map.of("log", List.of(0.0001, 0.1))));
    /** With both SelfReg terms: a resumed trial must match an uninterrupted one bit for bit, distillation included. */
    private static final Map<String, Object> TRIAL = Map.of("epochs", 3, "baseWidth", 4, "imageSize", 32,
            "batchSize", 8, "seed", 7, "lambdaIntra", 0.05, "lambdaInter", 0.05);

    private InProcessStack stack;
    private TinySweeps sweeps;

    @BeforeAll
    void startStack() throws IOException {
        Path workDir = Files.createDirectories(Path.of("target", "system-test")).toAbsolutePath();
        stack = InProcessStack.start(Files.createTempDirectory(workDir, "stack-"),
                Files.createTempDirectory(workDir, "worker-"));
        sweeps = new TinySweeps(stack.conductor());
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void ashaStopsWeakTrialsAndAStoppedTrialResumesToTheMetricsOfAnUninterruptedRun() throws Exception {
        SweepRequest sweep = new SweepRequest(EXPERIMENT, "asha-sobol", TinySweeps.DATASET, Map.of(), TRIAL, Map.of(),
                SEARCH).withScheduler(Map.of("type", "asha", "minEpochs", 1, "reduction", 3));
        SweepOutcome asha = sweeps.run(sweep);

        List<SweepTable.Row> rows = asha.table().rows();
        assertEquals(4, rows.size(), () -> asha.status() + ": " + asha.failures());
        List<SweepTable.Row> stoppedRows = rows.stream().filter(r -> r.status().equals(SweepTable.Row.STOPPED))
                .toList();
        SweepTable.Row stopped = stoppedRows.stream().findFirst()
                .orElseThrow(() -> new AssertionError("no trial stopped at the rung:\n" + asha.table().toText()));
        assertEquals(1, stopped.epochsCompleted(), "stopped at the rung, epoch 1");
        assertTrue(rows.stream().anyMatch(r -> r.status().equals(SweepTable.Row.COMPLETED)
                && r.epochsCompleted() == 3), asha.table()::toText);
        assertTrue(Double.isFinite(stopped.meanDice()), "a stopped trial is evaluated on the checkpoint it reached");

        String baseLr;
        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow());
             ObjectStore store = ObjectStore.open(stack.endpoints().s3())) {
            Run run = mlflow.run(stopped.runId());
            Map<String, String> tags = tags(run);
            assertEquals(RunStatus.KILLED, run.getInfo().getStatus(), "not FINISHED: a later sweep resumes it");
            assertEquals(ScheduleWorker.STOPPED, tags.get(ScheduleWorker.TRIAL_STATUS_TAG));
            assertEquals("1", tags.get(ScheduleWorker.STOPPED_AFTER_TAG));
            assertTrue(tags.get("selfreg.scheduler.epoch_1").startsWith("stop: "), tags::toString);
            assertEquals(4, store.list("schedulers/").size(), "one record per trial at the rung");
            baseLr = params(run).get("baseLr");

            Comparison comparison = Comparison.of(TrialRecords.read(mlflow, List.of(EXPERIMENT), List.of()));
            assertEquals(stoppedRows.size(), comparison.stopped().size(), "compare lists the stopped trials apart");
        }

        // The same sweep again (as after a Conductor restart): every decision is read back from S3, none is made anew.
        SweepOutcome again = sweeps.run(sweep);
        assertEquals(stoppedRows.stream().map(SweepTable.Row::trial).toList(), again.table().rows().stream()
                .filter(r -> r.status().equals(SweepTable.Row.STOPPED)).map(SweepTable.Row::trial).toList(),
                again.table()::toText);
        try (ObjectStore store = ObjectStore.open(stack.endpoints().s3())) {
            assertEquals(4, store.list("schedulers/").size(), "no new decision");
        }

        SweepOutcome resumed = sweeps.run(sweep.withScheduler(Map.of()));
        SweepTable.Row resumedTrial = resumed.table().rows().stream()
                .filter(r -> r.trial().equals(stopped.trial())).findFirst().orElseThrow();
        assertEquals(SweepTable.Row.COMPLETED, resumedTrial.status(), resumed.table()::toText);
        assertEquals(3, resumedTrial.epochsCompleted());
        assertEquals(4 - stoppedRows.size(), resumed.table().rows().stream()
                .filter(r -> r.status().equals(SweepTable.Row.REUSED)).count(),
                "the trials that ran to the end are reused: " + resumed.table().toText());

        SweepOutcome straight = sweeps.run(new SweepRequest(UNINTERRUPTED, "straight", TinySweeps.DATASET,
                Map.of("baseLr", List.of(Double.parseDouble(baseLr))), TRIAL, Map.of()));
        SweepTable.Row uninterrupted = straight.table().rows().get(0);
        assertEquals(SweepTable.Row.COMPLETED, uninterrupted.status(), straight.table()::toText);
        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
            Map<String, Double> expected = metrics(mlflow.run(uninterrupted.runId()));
            Map<String, Double> actual = metrics(mlflow.run(resumedTrial.runId()));
            for (String metric : List.of("mean_dice", "mean_hd95", "val_dice", "loss", "kd_intra", "kd_inter")) {
                assertEquals(expected.get(metric), actual.get(metric), () -> metric + " of the resumed trial "
                        + actual + " and of the uninterrupted one " + expected);
            }
            assertEquals(mlflow.metricHistory(uninterrupted.runId(), "val_dice").size(), 3);
        }
    }

    private static Map<String, String> tags(Run run) {
        Map<String, String> tags = new HashMap<>();
        run.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
        return tags;
    }

    private static Map<String, String> params(Run run) {
        Map<String, String> params = new HashMap<>();
        run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        return params;
    }

    private static Map<String, Double> metrics(Run run) {
        Map<String, Double> metrics = new HashMap<>();
        run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
        return metrics;
    }
}
