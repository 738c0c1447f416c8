package org.selfreg.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.infra.stack.Ports;

/** The command line's promise: every error is one line on stderr and an exit code, before anything starts. */
class MainTest {

    private static final String DEMO_SWEEP = "../sweeps/demo.yaml";

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        assertOneLine(run("frobnicate"), Main.USAGE, "unknown command 'frobnicate'");
        assertOneLine(run("ui", "--s3-port", "70000"), Main.USAGE, "--s3-port: 70000 is not a port");
        assertOneLine(run("sweep", DEMO_SWEEP, "--conductor-port", "-1"), Main.USAGE, "--conductor-port");
        assertOneLine(run("sweep", DEMO_SWEEP, "--work-dir", file.resolve("work").toString()), Main.USAGE,
                "--work-dir: " + file.resolve("work") + " cannot be written (" + file + " is not a directory)");
    }

    @Test
    void aTypoInASweepFailsBeforeAnythingStarts() {
        Path workDir = dir.resolve("work");
        Outcome o = run("sweep", DEMO_SWEEP, "--set", "trial.epoch=3", "--work-dir", workDir.toString());
        assertOneLine(o, Main.FAILED, "did you mean 'epochs'?");
        assertTrue(o.err().contains("--set trial.epoch=3"), o.err());
        assertFalse(Files.exists(workDir), "no server may start for a sweep that cannot run");
        assertEquals("", o.out());
    }

    @Test
    void aServerGivenByAddressThatDoesNotAnswerIsNamedAtOnce() {
        String nowhere = "http://127.0.0.1:" + Ports.freePort();
        Path workDir = dir.resolve("work");
        Outcome o = run("sweep", DEMO_SWEEP, "--conductor-url", nowhere + "/api", "--work-dir", workDir.toString());
        assertOneLine(o, Main.UNREACHABLE, "Conductor does not answer at " + nowhere + "/api");
        assertTrue(o.err().contains("--conductor-url"), o.err());
        assertFalse(Files.exists(workDir.resolve("s3")), "nothing starts when a given server is missing");
    }

    @Test
    void compareWithoutAnMlflowServerSaysWhatToStart() {
        String nowhere = "http://127.0.0.1:" + Ports.freePort();
        Outcome o = run("compare", "--mlflow-url", nowhere, "--out", dir.resolve("report").toString());
        assertOneLine(o, Main.UNREACHABLE, "MLflow does not answer at " + nowhere);
        assertTrue(o.err().contains("./selfreg ui"), o.err());
    }

    @Test
    void anUnexpectedErrorIsOneLineUnlessDebugging() {
        RuntimeException bug = new IllegalStateException("no plan", new ArithmeticException("/ by zero"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.INTERNAL, Main.unexpected(bug, new PrintStream(err, true, StandardCharsets.UTF_8), false));
        String line = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("no plan: java.lang.ArithmeticException: / by zero")
                && line.contains("SELFREG_DEBUG=1"), line);

        err.reset();
        Main.unexpected(bug, new PrintStream(err, true, StandardCharsets.UTF_8), true);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at org.selfreg.infra.cli.MainTest"), "trace");

        err.reset();
        RuntimeException lost = new IllegalStateException("search runs", new ConnectException("Connection refused"));
        assertEquals(Main.UNREACHABLE, Main.unexpected(lost, new PrintStream(err, true, StandardCharsets.UTF_8),
                false));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("lost the connection"), err.toString());
    }

    @Test
    void predictWithAModelThatDoesNotExistFailsInOneLineAndWritesNothing() {
        Path out = dir.resolve("predictions");
        String input = dir.toString();
        assertOneLine(run("predict", "--model", dir.resolve("no-model").toString(), "--input", input, "--out",
                out.toString()), Main.FAILED, "no-model does not exist");
        assertOneLine(run("predict", "--model", "models:/synapse", "--input", input, "--out",
                out.toString()), Main.FAILED, "'models:/synapse' is not a registered model URI");
        assertOneLine(run("predict", "--model", dir.toString(), "--input", input, "--out", out.toString()),
                Main.FAILED, "is not a model folder");
        assertOneLine(run("predict", "--input", input), Main.USAGE, "predict needs --model");
        assertFalse(Files.exists(out));
    }

    @Test
    void promoteChecksItsArgumentsBeforeAskingAServer() {
        assertOneLine(run("promote", "synapse"), Main.USAGE, "missing argument");
        assertOneLine(run("promote", "synapse", "latest"), Main.FAILED, "'latest' is not a version number");
        assertOneLine(run("promote", "synapse", "2", "--alias", "v2"), Main.FAILED, "'v2' cannot be an alias");
        assertOneLine(run("export-model", "--out", dir.resolve("m").toString()), Main.USAGE, "one of --run or --model");
        assertTrue(run("promote", "--help").out().contains("Usage: ./selfreg promote MODEL VERSION"));
    }

    @Test
    void remotePredictionChecksItsArgumentsBeforeAskingAServer() {
        List<String> io = List.of("--input", dir.toString(), "--out", dir.resolve("out").toString());
        assertOneLine(run(predict(io, "--workers", "elsewhere", "--model", "runs:/abc")), Main.USAGE,
                "--workers: 'elsewhere' must be 'local' or 'remote'");
        assertOneLine(run(predict(io, "--workers", "remote", "--model", dir.toString())), Main.USAGE,
                "not the folder " + dir);
        assertOneLine(run(predict(io, "--workers", "remote", "--model", "runs:/a/b")), Main.FAILED,
                "'runs:/a/b' is not a model URI");
        assertOneLine(run(predict(io, "--workers", "remote", "--model", "models:/tiny@champion")), Main.USAGE,
                "needs --conductor-url and --s3-endpoint");
        assertFalse(Files.exists(dir.resolve("out")));
    }

    private static String[] predict(List<String> io, String... args) {
        return Stream.concat(Stream.of("predict"), Stream.concat(Stream.of(args), io.stream())).toArray(String[]::new);
    }

    /** Runs a command in an empty environment: no variable of the shell that runs the tests changes its options. */
    private Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLine(Outcome o, int code, String expected) {
        assertEquals(code, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        assertTrue(o.err().startsWith("selfreg: ") && o.err().contains(expected), o.err());
    }
}
