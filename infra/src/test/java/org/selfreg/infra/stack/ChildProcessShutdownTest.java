package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a JVM that started children stops them and their descendants, through the JVM's shutdown hook. */
class ChildProcessShutdownTest {

    @TempDir
    Path dir;

    @Test
    void sigintToTheJvmStopsItsChildrenAndTheirDescendants() throws IOException, InterruptedException {
        Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), ChildProcessHolder.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<ProcessHandle> tree;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            tree = Arrays.stream(out.readLine().split(" ")).map(Long::parseLong)
                    .map(pid -> ProcessHandle.of(pid).orElseThrow()).toList();
        }
        assertEquals(3, tree.size());

        // What a terminal sends on Ctrl-C, to the JVM only: its children must not be reached by the signal itself.
        new ProcessBuilder("kill", "-INT", Long.toString(jvm.pid())).start().waitFor();

        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the JVM did not exit on SIGINT");
        tree.forEach(handle -> assertFalse(handle.isAlive(), "still running: " + handle.info()));
    }
}
