package org.selfreg.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.infra.stack.Ports;

/**
 * SIGTERM to {@code ./selfreg ui} leaves nothing behind: its MLflow server and the web worker that server forked are
 * gone when the JVM has exited, and the port is free. Repeated: an earlier race left them running in one of two tries.
 */
class UiCommandShutdownTest {

    private static final Duration MLFLOW_START = Duration.ofMinutes(3);

    @TempDir
    Path workDir;

    @RepeatedTest(2)
    void sigtermStopsTheMlflowServerAndEveryProcessItForked() throws IOException, InterruptedException {
        Files.createDirectories(workDir.resolve("mlflow"));
        int port = Ports.freePort();
        Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "ui", "--work-dir", workDir.toString(), "--s3-port", "0", "--mlflow-port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("ui.log").toFile()).start();
        List<ProcessHandle> descendants = List.of();
        try {
            awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), jvm);
            descendants = jvm.descendants().toList();
            assertTrue(descendants.size() >= 2, "MLflow and its web worker: " + describe(descendants));

            new ProcessBuilder("kill", "-TERM", Long.toString(jvm.pid())).start().waitFor();

            assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM did not exit on SIGTERM");
            assertEquals(128 + 15, jvm.exitValue(), Files.readString(workDir.resolve("ui.log")));
            assertEquals(List.of(), descendants.stream().filter(ProcessHandle::isAlive).toList(),
                    "still running after the JVM exited");
            try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getByName(Ports.LOOPBACK_ADDRESS))) {
                assertEquals(port, free.getLocalPort());
            }
        } finally {
            descendants.forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        }
    }

    private static void awaitHealthy(URI health, Process jvm) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(MLFLOW_START);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
            while (Instant.now().isBefore(deadline)) {
                assertTrue(jvm.isAlive(), "./selfreg ui exited while starting");
                try {
                    if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("MLflow did not answer on " + health + " within " + MLFLOW_START);
    }

    private static String describe(List<ProcessHandle> handles) {
        return handles.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList().toString();
    }
}
