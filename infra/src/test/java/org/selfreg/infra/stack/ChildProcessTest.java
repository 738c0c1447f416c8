package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void closeStopsTheProcessAndEveryDescendant() throws InterruptedException {
        ChildProcess child = shell("sleep 600 & sleep 600 & wait");
        List<ProcessHandle> tree = awaitTreeOfSize(child, 3);

        child.close();

        tree.forEach(handle -> assertFalse(handle.isAlive(), "still running: " + handle.info()));
    }

    @Test
    void closeKillsDescendantsThatIgnoreSigterm() throws InterruptedException {
        // An ignored signal stays ignored across fork and exec, so neither the shell nor its sleeps react to SIGTERM.
        ChildProcess child = shell("trap '' TERM; sleep 600 & sleep 600 & wait");
        List<ProcessHandle> tree = awaitTreeOfSize(child, 3);

        child.close();

        tree.forEach(handle -> assertFalse(handle.isAlive(), "still running: " + handle.info()));
    }

    @Test
    void closeStopsAProcessOfItsGroupThatIsNoLongerADescendant() throws Exception {
        // The subshell forks a sleep and exits: the sleep is reparented, out of the tree but still in the group.
        ChildProcess child = shell("(sleep 600 & echo $! > orphan.pid); sleep 600");
        Path pidFile = dir.resolve("orphan.pid");
        Instant deadline = Instant.now().plus(GENEROUS);
        while (!(Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        ProcessHandle orphan = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        try {
            assertFalse(child.processTree().contains(orphan), "reparented");

            child.close();

            assertDoesNotThrow(() -> orphan.onExit().get(10, TimeUnit.SECONDS), "still running: " + orphan.info());
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void aSecondCloseReturnsOnlyOnceTheFirstHasStoppedTheTree() throws InterruptedException {
        // The JVM's shutdown hook and the owner close a child at the same time; neither may return early.
        ChildProcess child = shell("trap '' TERM; sleep 600 & wait");
        List<ProcessHandle> tree = awaitTreeOfSize(child, 2);
        Thread first = Thread.ofPlatform().start(child::close);
        Thread.sleep(500);

        child.close();

        tree.forEach(handle -> assertFalse(handle.isAlive(), "still running: " + handle.info()));
        first.join();
    }

    @Test
    void awaitHttpOkFailsWithTheLogTailWhenTheProcessDies() {
        ChildProcess child = shell("echo first line; echo boom >&2; exit 3");

        ServerStartException e = assertThrows(ServerStartException.class,
                () -> child.awaitHttpOk(URI.create("http://127.0.0.1:" + Ports.freePort() + "/"), GENEROUS));

        assertTrue(e.getMessage().startsWith("test child exited with code 3 while starting"), e.getMessage());
        assertTrue(e.getMessage().endsWith("first line" + System.lineSeparator() + "boom"), e.getMessage());
    }

    @Test
    void awaitHttpOkStopsAProcessThatNeverAnswers() {
        ChildProcess child = shell("sleep 600");

        ServerStartException e = assertThrows(ServerStartException.class,
                () -> child.awaitHttpOk(URI.create("http://127.0.0.1:" + Ports.freePort() + "/"),
                        Duration.ofSeconds(1)));

        assertTrue(e.getMessage().contains("did not answer 200"), e.getMessage());
        assertFalse(child.isAlive());
    }

    @Test
    void awaitHttpOkReturnsOnceTheServerAnswers() {
        int port = Ports.freePort();
        try (ChildProcess server = ChildProcess.start("http.server",
                List.of("python3", "-m", "http.server", "--bind", "127.0.0.1", Integer.toString(port)), Map.of(), dir,
                dir.resolve("http.log"))) {
            server.awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/"), GENEROUS);
            assertTrue(server.isAlive());
        }
    }

    @Test
    void awaitExitReturnsTheExitCodeAndThePassedEnvironmentReachesTheChild() {
        ChildProcess child = ChildProcess.start("test child", List.of("sh", "-c", "exit $CODE"), Map.of("CODE", "7"),
                dir, dir.resolve("exit.log"));

        assertEquals(7, child.awaitExit(GENEROUS));
    }

    private ChildProcess shell(String script) {
        return ChildProcess.start("test child", List.of("sh", "-c", script), Map.of(), dir, dir.resolve("child.log"));
    }

    /** The child's process tree once it has {@code size} members (the shell forks its children asynchronously). */
    private static List<ProcessHandle> awaitTreeOfSize(ChildProcess child, int size) throws InterruptedException {
        Instant deadline = Instant.now().plus(GENEROUS);
        List<ProcessHandle> tree = child.processTree();
        while (tree.size() < size && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            tree = child.processTree();
        }
        assertEquals(size, tree.size(), "process tree " + tree);
        return tree;
    }
}
