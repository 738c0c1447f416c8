package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.run.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.stack.ChildProcess;
import org.selfreg.infra.stack.ConductorServer;
import org.selfreg.infra.stack.Ports;
import org.selfreg.workers.WorkflowDefinitions;

/**
 * {@code ./selfreg sweep} stopped while a trial trains, in a JVM of its own on a persistent work directory as a user
 * runs it: Ctrl-C ends the sweep it started, a later start ends the sweep of a process that was killed, and nothing
 * stays RUNNING in the Conductor database. And {@code --workers remote} on the local stack tells how workers join.
 */
class StoppedSweepSystemTest {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration CONDUCTOR_START = Duration.ofMinutes(4);
    private static final Pattern STARTED = Pattern.compile("Sweep \\S+ started: Conductor workflow (\\S+)");
    private static final Pattern JOIN = Pattern.compile("Workers join with: \\(\\. (\\S+) && \\./selfreg worker\\)");
    private static final Pattern EXPORT = Pattern.compile("export (\\w+)='([^']*)'");

    private Path dir;
    private Path sweepFile;

    @BeforeEach
    void writeSweepFile() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "system-test")), "stopped-")
                .toAbsolutePath();
        sweepFile = dir.resolve("tiny.json");
        Map<String, Object> sweep = Map.of("experiment", "stopped-sweeps", "dataset", TinySweeps.DATASET,
                "grid", TinySweeps.ONE_TRIAL, "trial", TinySweeps.TRIAL);
        new ObjectMapper().writeValue(sweepFile.toFile(), sweep);
    }

    @Test
    void ctrlCTerminatesTheSweepAndALaterStartTerminatesTheSweepOfAKilledProcess() throws Exception {
        int conductorPort = Ports.freePort();
        List<String> args = List.of("sweep", sweepFile.toString(), "--work-dir", dir.resolve("work").toString(),
                "--s3-port", "0", "--mlflow-port", "0", "--conductor-port", Integer.toString(conductorPort));
        ConductorClient conductor = ConductorClient.builder()
                .basePath("http://127.0.0.1:" + conductorPort + "/api").build();
        TinySweeps sweeps = new TinySweeps(conductor);

        String killedSweep;
        try (ChildProcess killed = selfreg("killed", args)) {
            killedSweep = awaitTraining(killed, sweeps);
            List<ProcessHandle> tree = killed.processTree();
            tree.forEach(ProcessHandle::destroyForcibly); // SIGKILL, servers included: a power loss
            tree.forEach(handle -> handle.onExit().join());
        }
        String stoppedSweep;
        int exitCode;
        Path log;
        try (ChildProcess stopped = selfreg("stopped", args)) {
            stoppedSweep = awaitTraining(stopped, sweeps);
            // What a terminal sends on Ctrl-C: SIGINT to its foreground process group, the JVM's (it leads its own).
            new ProcessBuilder("kill", "-INT", "--", "-" + stopped.pid()).start().waitFor();
            exitCode = stopped.awaitExit(WAIT);
            log = stopped.logFile();
        }

        String output = Files.readString(log);
        assertEquals(130, exitCode, output);
        assertTrue(output.contains("Terminated sweep tiny (Conductor workflow " + killedSweep
                + "), left RUNNING by an earlier selfreg process"), output);
        assertTrue(output.contains("Ctrl-C: the workers handed 1 running task(s) back and sweep tiny (Conductor"
                + " workflow " + stoppedSweep + ") was terminated with its trials"), output);
        assertTrue(output.contains("./selfreg sweep " + sweepFile + " --work-dir"), output);
        try (ConductorServer server = ConductorServer.start(dir.resolve("work").resolve("conductor"), 0,
                CONDUCTOR_START)) {
            WorkflowClient workflows = new WorkflowClient(ConductorClient.builder().basePath(server.apiUrl()).build());
            for (String name : List.of(WorkflowDefinitions.SWEEP_WORKFLOW, "selfreg_trial")) {
                assertEquals(List.of(), workflows.getRunningWorkflow(name, 1), name + " workflows still RUNNING");
            }
            assertTerminated(workflows, killedSweep, "abandoned by the earlier selfreg process that started sweep");
            assertTerminated(workflows, stoppedSweep, "interrupted by the user (Ctrl-C)");
        }
    }

    @Test
    void remoteWorkersJoinALocalStackWithTheFileItWrites() throws Exception {
        try (ChildProcess sweep = selfreg("remote", List.of("sweep", sweepFile.toString(), "--workers", "remote",
                "--set", "trial.epochs=1",
                "--work-dir", dir.resolve("work").toString(), "--s3-port", "0", "--mlflow-port", "0",
                "--conductor-port", "0"))) {
            Matcher join = await("the line telling how workers join", () -> find(sweep, JOIN));
            Path file = Path.of(join.group(1));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            Map<String, String> environment = new HashMap<>();
            EXPORT.matcher(Files.readString(file)).results().forEach(m -> environment.put(m.group(1), m.group(2)));
            assertTrue(environment.containsKey("AWS_SECRET_ACCESS_KEY"), environment.keySet().toString());

            // Exactly what the line says: the environment of the file, no options.
            try (ChildProcess worker = ChildProcess.start("worker", SelfregJvm.command(List.of(), List.of("worker")),
                    environment, dir, dir.resolve("worker.log"))) {
                int exitCode = sweep.awaitExit(WAIT);
                assertEquals(0, exitCode, () -> read(sweep.logFile()) + "\nworker:\n" + read(worker.logFile()));
            }
        }
    }

    private ChildProcess selfreg(String name, List<String> args) {
        return ChildProcess.start("selfreg " + name, SelfregJvm.command(List.of(), args), Map.of(), dir,
                dir.resolve(name + ".log"));
    }

    /** The id of the sweep {@code process} started, once its trial trains. */
    private static String awaitTraining(ChildProcess process, TinySweeps sweeps) throws InterruptedException {
        String sweepId = await("the sweep started", () -> find(process, STARTED)).group(1);
        await("a training task running", () -> sweeps.runningTraining(sweepId));
        return sweepId;
    }

    private static void assertTerminated(WorkflowClient workflows, String sweepId, String reason) {
        Workflow sweep = workflows.getWorkflow(sweepId, true);
        assertEquals(Workflow.WorkflowStatus.TERMINATED, sweep.getStatus(), sweepId);
        assertTrue(sweep.getReasonForIncompletion().contains(reason), sweep.getReasonForIncompletion());
        Stream<Workflow> trials = sweep.getTasks().stream().filter(t -> t.getSubWorkflowId() != null)
                .map(t -> workflows.getWorkflow(t.getSubWorkflowId(), false));
        trials.forEach(trial -> assertEquals(Workflow.WorkflowStatus.TERMINATED, trial.getStatus(),
                trial.getWorkflowId()));
    }

    private static Optional<Matcher> find(ChildProcess process, Pattern pattern) {
        assertTrue(process.isAlive(), () -> process + " exited:\n" + read(process.logFile()));
        Matcher matcher = pattern.matcher(read(process.logFile()));
        return matcher.find() ? Optional.of(matcher) : Optional.empty();
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
