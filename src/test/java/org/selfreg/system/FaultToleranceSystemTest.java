package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.common.config.ObjectMapperProvider;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskExecLog;
import com.netflix.conductor.common.run.Workflow;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.model.Checkpoint;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.workers.SweepTable;
import org.selfreg.workers.TrainingProgress;

/**
 * Sweeps through a real local stack while something breaks: a training worker dies, the Conductor server restarts, S3
 * goes away, a trial diverges. Each test asserts on what Conductor, MLflow and S3 hold afterwards; the interrupted
 * trial's results are compared with those of the same trial run without interruption (CPU, fixed seeds: identical).
 * Every worker is a JVM of its own ({@link WorkerProcess}); the tests whose trial must train from scratch, or whose
 * worker dies, route training and evaluation to a worker of their own through a task domain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultToleranceSystemTest {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapperProvider().getObjectMapper();

    /** What an uninterrupted trial left: its final metrics and its artifacts' keys relative to its artifact root. */
    private record TrialResult(String runId, Map<String, Double> metrics, Set<String> artifacts) {
    }

    private Path dir;
    private RestartableStack stack;
    private ConductorClient conductor;
    private WorkerProcess sharedWorker;
    private TinySweeps sweeps;
    private TrialResult uninterrupted;

    @BeforeAll
    void startStack() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "system-test")), "faults-")
                .toAbsolutePath();
        stack = RestartableStack.start(dir, null);
        conductor = stack.conductorClient();
        sweeps = new TinySweeps(conductor);
        // Training runs in worker JVMs only, never in this one: the comparisons are between like processes, and no
        // engine state outlives a test class in the JVM that runs all system tests.
        sharedWorker = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-shared"), null);
    }

    @AfterAll
    void stopStack() {
        if (sharedWorker != null) {
            sharedWorker.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTrainingWorkerKilledMidEpochIsReplacedAndTheTrialResumesToTheSameMetrics() throws Exception {
        TrialResult reference = uninterrupted();
        String domain = "kill-test";
        String sweepId;
        Task killed;
        try (WorkerProcess doomed = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-killed"), domain)) {
            sweepId = sweeps.startWithShortLease(TinySweeps.request("ft-killed-worker", TinySweeps.ONE_TRIAL),
                    domain);
            killed = await("a training task past its first epoch, with that epoch's checkpoint in S3",
                    () -> sweeps.runningTraining(sweepId)
                            .filter(t -> progress(t).filter(p -> p.epoch() >= 2).isPresent())
                            .filter(this::checkpointUploaded));
            doomed.kill();
        }
        try (WorkerProcess replacement = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-replacement"),
                domain)) {
            SweepOutcome outcome = sweeps.await(sweepId);

            assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
            List<Task> attempts = TinySweeps.trainingAttempts(sweeps.trials(sweepId).getFirst());
            assertEquals(killed.getTaskId(), attempts.getFirst().getTaskId());
            assertEquals(Task.Status.TIMED_OUT, attempts.getFirst().getStatus(),
                    "the killed worker's lease expired: " + attempts.getFirst().getReasonForIncompletion());
            assertEquals(Task.Status.COMPLETED, attempts.getLast().getStatus());
            // Usually one retry; under load a replacement attempt can also miss the test's short lease and time out.
            assertTrue(attempts.size() >= 2, "at least one retry");
            attempts.subList(0, attempts.size() - 1).forEach(attempt -> assertEquals(Task.Status.TIMED_OUT,
                    attempt.getStatus(), () -> "an earlier attempt ended " + attempt.getStatus() + ": "
                            + attempt.getReasonForIncompletion()));
            String log = Files.readString(replacement.logFile());
            assertTrue(log.contains("resuming from the checkpoint in s3://"), () -> "replacement worker log:\n" + log);
            TrialResult resumed = result(outcome.table().rows().getFirst().runId());
            for (String metric : List.of("loss", "val_dice", "mean_dice", "mean_hd95")) {
                assertEquals(reference.metrics().get(metric), resumed.metrics().get(metric), metric);
            }
        }
    }

    /**
     * A SIGKILL in the middle of uploading a full-width checkpoint. To hit that window every time, the doomed worker
     * runs with CheckpointSync's test hook {@code selfreg.test.checkpointUploadPauseMs}: it sleeps after each file of
     * an upload that replaces a checkpoint, before the manifest goes up. The test kills it once S3 holds a
     * {@code previous/last} manifest but no {@code last} one (the new weights are going up), so the retry finds a torn
     * {@code last} and must resume from the previous whole checkpoint, running its last epoch again.
     */
    @Test
    void aWorkerKilledWhileUploadingAFullWidthCheckpointResumesFromTheWholeOneToTheSameMetrics() throws Exception {
        SweepOutcome straight = sweeps.run(TinySweeps.fullWidthRequest("ft-full-width"));
        assertTrue(straight.completed(), () -> "reference sweep ended " + straight.status() + ": "
                + straight.failures());
        TrialResult reference = result(straight.table().rows().getFirst().runId());
        String domain = "upload-kill-test";
        String sweepId;
        try (WorkerProcess doomed = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-upload-killed"), domain,
                0, Map.of("selfreg.test.checkpointUploadPauseMs", "1500"))) {
            sweepId = sweeps.startWithShortLease(TinySweeps.fullWidthRequest("ft-full-width-killed"), domain);
            // Progress first: its MLflow run exists once training has begun.
            await("an upload replacing the last checkpoint under way", () -> sweeps.runningTraining(sweepId)
                    .filter(t -> progress(t).isPresent()).filter(this::lastCheckpointTornInS3));
            doomed.kill();
        }
        try (WorkerProcess replacement = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-after-upload-kill"),
                domain)) {
            SweepOutcome outcome = sweeps.await(sweepId);

            assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
            String log = Files.readString(replacement.logFile());
            assertTrue(log.contains("Checkpoint 'last' in s3://") && log.contains("is torn or missing and is ignored")
                    && log.contains("using the previous whole one, of epoch 1"), () -> "replacement log:\n" + log);
            TrialResult resumed = result(outcome.table().rows().getFirst().runId());
            for (String metric : List.of("loss", "val_dice", "mean_dice", "mean_hd95")) {
                assertEquals(reference.metrics().get(metric), resumed.metrics().get(metric), metric);
            }
        }
    }

    @Test
    void aWorkerStoppedMidEpochHandsItsTrainingTaskOverAndTheTrialResumesToTheSameMetrics() throws Exception {
        TrialResult reference = uninterrupted();
        String domain = "stop-test";
        SweepRunner runner = new SweepRunner(conductor);
        String sweepId;
        Task handedOver;
        WorkerProcess stopped = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-stopped"), domain);
        try (stopped) {
            // The usual response timeout (120 s): a task that was not handed over would wait it out and be retried.
            sweepId = runner.submit(TinySweeps.request("ft-stopped-worker", TinySweeps.ONE_TRIAL), domain);
            handedOver = await("a training task past its first epoch, with that epoch's checkpoint in S3",
                    () -> sweeps.runningTraining(sweepId)
                            .filter(t -> progress(t).filter(p -> p.epoch() >= 2).isPresent())
                            .filter(this::checkpointUploaded));
        } // SIGTERM
        try (WorkerProcess next = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-next"), domain)) {
            SweepOutcome outcome = sweeps.await(sweepId);

            assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
            List<Task> attempts = TinySweeps.trainingAttempts(sweeps.trials(sweepId).getFirst());
            assertEquals(List.of(handedOver.getTaskId()), attempts.stream().map(Task::getTaskId).toList(),
                    "one attempt: the same task went on, no retry spent");
            assertEquals(Task.Status.COMPLETED, attempts.getFirst().getStatus());
            String stoppedLog = Files.readString(stopped.logFile());
            assertTrue(stoppedLog.contains("Handed " + handedOver.getTaskDefName() + " " + handedOver.getTaskId()
                    + " back to Conductor"), () -> "stopped worker log:\n" + stoppedLog);
            String log = Files.readString(next.logFile());
            assertTrue(log.contains("resuming from the checkpoint in s3://"), () -> "next worker log:\n" + log);
            TrialResult resumed = result(outcome.table().rows().getFirst().runId());
            for (String metric : List.of("loss", "val_dice", "mean_dice", "mean_hd95")) {
                assertEquals(reference.metrics().get(metric), resumed.metrics().get(metric), metric);
            }
        }
    }

    @Test
    void aSweepCompletesAcrossAConductorRestart() throws Exception {
        String sweepId = sweeps.startWithShortLease(
                TinySweeps.request("ft-conductor-restart", SweepRequest.lambdaGrid(List.of(0.0, 0.1))), null);
        await("a training task running", () -> sweeps.runningTraining(sweepId));

        stack.restartConductor();
        SweepOutcome outcome = sweeps.await(sweepId);

        assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
        assertEquals(List.of(SweepTable.Row.COMPLETED, SweepTable.Row.COMPLETED),
                outcome.table().rows().stream().map(SweepTable.Row::status).toList());
        for (Workflow trial : sweeps.trials(sweepId)) {
            assertEquals(Workflow.WorkflowStatus.COMPLETED, trial.getStatus(), trial.getWorkflowId());
        }
    }

    @Test
    void uploadsDuringAnS3OutageAreRetriedWithoutDuplicates() throws Exception {
        TrialResult reference = uninterrupted();
        String domain = "s3-outage-test";
        // A worker of its own: the shared one holds the finished checkpoint of this trial and would not train again.
        try (WorkerProcess worker = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-s3-outage"), domain)) {
            SweepRunner runner = new SweepRunner(conductor);
            String sweepId = runner.submit(TinySweeps.request("ft-s3-outage", TinySweeps.ONE_TRIAL), domain);
            Task training = await("training under way", () -> sweeps.runningTraining(sweepId)
                    .filter(t -> progress(t).isPresent()));
            String runId = trialRun(training).getRunId();

            long stoppedAt = System.currentTimeMillis();
            stack.stopS3();
            Metric firstEpoch;
            try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
                // The epoch's checkpoint upload follows its metrics: it starts while S3 is away.
                firstEpoch = await("the first epoch's metrics",
                        () -> mlflow.metricHistory(runId, "loss").stream().findFirst());
                Thread.sleep(2000);
            } finally {
                stack.startS3();
            }
            long restartedAt = System.currentTimeMillis();
            SweepOutcome outcome = sweeps.await(sweepId);

            assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
            assertTrue(firstEpoch.getTimestamp() >= stoppedAt && firstEpoch.getTimestamp() <= restartedAt,
                    "the checkpoint upload was attempted during the outage");
            List<Task> attempts = TinySweeps.trainingAttempts(sweeps.trials(sweepId).getFirst());
            assertEquals(1, attempts.size(), "the S3 client retried; Conductor did not need to");
            assertEquals(reference.artifacts(), result(runId).artifacts(), "the same objects as without an outage");
        }
    }

    @Test
    void aDivergingTrialFailsTerminallyWhileTheOthersComplete() throws Exception {
        SweepOutcome outcome = sweeps.run(TinySweeps.request("ft-diverging",
                Map.of("baseLr", List.of(0.01, 1e6))));

        List<SweepTable.Row> rows = outcome.table().rows();
        assertEquals(List.of(SweepTable.Row.COMPLETED, SweepTable.Row.FAILED),
                rows.stream().map(SweepTable.Row::status).toList(), () -> "rows " + rows);
        assertTrue(outcome.failures().stream().anyMatch(f -> f.contains("FAILED_WITH_TERMINAL_ERROR")
                && f.contains("diverged")), () -> "failures: " + outcome.failures());
        List<Task> diverged = sweeps.trials(outcome.workflowId()).stream()
                .map(TinySweeps::trainingAttempts)
                .filter(a -> a.getFirst().getStatus() != Task.Status.COMPLETED).findFirst().orElseThrow();
        assertEquals(1, diverged.size(), "never retried");
        assertEquals(Task.Status.FAILED_WITH_TERMINAL_ERROR, diverged.getFirst().getStatus());
        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
            RunInfo run = trialRun(diverged.getFirst());
            assertEquals(RunStatus.FAILED, mlflow.run(run.getRunId()).getInfo().getStatus());
        }
    }

    @Test
    void noSecretReachesWorkflowsRunsOrLogs() throws Exception {
        String domain = "secrets-test";
        SweepOutcome outcome;
        try (WorkerProcess worker = WorkerProcess.start(stack.endpoints(), dir.resolve("worker-secrets"), domain)) {
            SweepRunner runner = new SweepRunner(conductor);
            outcome = runner.await(runner.submit(TinySweeps.request("ft-secrets", TinySweeps.ONE_TRIAL), domain),
                    TinySweeps.TIMEOUT, snapshot -> { });
        }
        assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
        String secret = stack.endpoints().s3().secretKey();

        List<Workflow> workflows = new ArrayList<>(sweeps.trials(outcome.workflowId()));
        workflows.add(sweeps.workflows().getWorkflow(outcome.workflowId(), true));
        for (Workflow workflow : workflows) {
            List<Object> written = new ArrayList<>(List.of(workflow.getInput(), workflow.getOutput()));
            for (Task task : workflow.getTasks()) {
                written.addAll(List.of(task.getInputData(), task.getOutputData(), taskLog(task)));
            }
            assertFalse(JSON.writeValueAsString(written).contains(secret),
                    "secret in the inputs, outputs or task logs of workflow " + workflow.getWorkflowId());
        }
        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
            String parentRunId = (String) sweeps.workflows().getWorkflow(outcome.workflowId(), false).getOutput()
                    .get("parentRunId");
            Run parent = mlflow.run(parentRunId);
            List<Run> runs = new ArrayList<>(List.of(parent));
            mlflow.childRuns(parent.getInfo().getExperimentId(), parentRunId)
                    .forEach(child -> runs.add(mlflow.run(child.getRunId())));
            assertEquals(2, runs.size());
            for (Run run : runs) {
                assertFalse(run.getData().toString().contains(secret),
                        "secret in the params or tags of run " + run.getInfo().getRunId());
            }
        }
        List<Path> logs = stack.logFiles();
        assertTrue(logs.stream().anyMatch(l -> l.getFileName().toString().equals("worker-secrets.log")), "" + logs);
        for (Path log : logs) {
            assertFalse(new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains(secret),
                    "secret in " + log);
        }
    }

    /** The fault tests' trial run once without interruption, in an experiment of its own (computed once). */
    private synchronized TrialResult uninterrupted() throws Exception {
        if (uninterrupted == null) {
            SweepOutcome outcome = sweeps.run(TinySweeps.request("ft-uninterrupted", TinySweeps.ONE_TRIAL));
            assertTrue(outcome.completed(), () -> "reference sweep ended " + outcome.status() + ": "
                    + outcome.failures());
            uninterrupted = result(outcome.table().rows().getFirst().runId());
        }
        return uninterrupted;
    }

    private TrialResult result(String runId) {
        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow());
             ObjectStore s3 = ObjectStore.open(stack.endpoints().s3())) {
            String root = ObjectStore.keyOf(URI.create(mlflow.run(runId).getInfo().getArtifactUri()), s3.settings())
                    + "/";
            Set<String> artifacts = new TreeSet<>();
            s3.list(root).forEach(key -> artifacts.add(key.substring(root.length())));
            return new TrialResult(runId, mlflow.latestMetrics(runId), artifacts);
        }
    }

    /** The MLflow child run a training task writes to. */
    private RunInfo trialRun(Task training) {
        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
            String experimentId = (String) training.getInputData().get("experimentId");
            String trialKey = (String) training.getInputData().get("trialKey");
            return mlflow.unfinishedTrialRuns(experimentId, trialKey).stream().findFirst()
                    .or(() -> mlflow.finishedTrialRun(experimentId, trialKey))
                    .orElseThrow(() -> new AssertionError("no MLflow run for trial " + trialKey));
        }
    }

    /** Whether a whole last checkpoint of the task's run is in S3. */
    private boolean checkpointUploaded(Task training) {
        try (ObjectStore s3 = ObjectStore.open(stack.endpoints().s3())) {
            return s3.exists(checkpointPrefix(training, s3) + Checkpoint.LAST + ".manifest.json");
        }
    }

    /** Whether S3 holds a previous whole last checkpoint of the task's run, and the current one is being replaced. */
    private boolean lastCheckpointTornInS3(Task training) {
        try (ObjectStore s3 = ObjectStore.open(stack.endpoints().s3())) {
            String checkpoints = checkpointPrefix(training, s3);
            return s3.exists(checkpoints + Checkpoint.PREVIOUS + "/" + Checkpoint.LAST + ".manifest.json")
                    && !s3.exists(checkpoints + Checkpoint.LAST + ".manifest.json");
        }
    }

    private String checkpointPrefix(Task training, ObjectStore s3) {
        return ObjectStore.keyOf(URI.create(trialRun(training).getArtifactUri()), s3.settings()) + "/checkpoints/";
    }

    /** The training progress a task last wrote to its Conductor task log. */
    private Optional<TrainingProgress> progress(Task training) {
        return TrainingProgress.latestIn(taskLog(training));
    }

    /** The lines a task wrote to its Conductor task log. */
    private List<String> taskLog(Task task) {
        List<TaskExecLog> logs = new TaskClient(conductor).getTaskLogs(task.getTaskId());
        return logs == null ? List.of() : logs.stream().map(TaskExecLog::getLog).toList();
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("waited " + WAIT + " for " + what);
    }
}
