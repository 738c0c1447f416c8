package org.selfreg.system.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time (user + system) of this JVM and of every process it started, at one moment: the difference of two
 * samples says what each part of the stack cost during a run, which wall time alone cannot (an idle server also
 * takes cores from training). A process that exits before the second sample drops out, so sample before stopping one.
 */
final class ProcessCpu {

    static final String BENCH_JVM = "bench JVM (S3Proxy, data-prep worker, direct runs)";
    static final String CONDUCTOR = "Conductor server";
    static final String MLFLOW = "MLflow server";
    static final String WORKERS = "worker JVMs";
    static final String OTHER = "other";

    private record Entry(String role, Duration cpu) {
    }

    private final Map<Long, Entry> byPid;

    private ProcessCpu(Map<Long, Entry> byPid) {
        this.byPid = byPid;
    }

    static ProcessCpu sample() {
        Map<Long, Entry> byPid = new HashMap<>();
        record(byPid, ProcessHandle.current(), BENCH_JVM);
        ProcessHandle.current().descendants().forEach(p -> record(byPid, p, roleOf(p)));
        return new ProcessCpu(byPid);
    }

    /** CPU seconds per role between {@code earlier} and this sample; a process started in between counts from 0. */
    Map<String, Double> secondsSince(ProcessCpu earlier) {
        Map<String, Double> seconds = new TreeMap<>();
        byPid.forEach((pid, now) -> {
            Entry before = earlier.byPid.get(pid);
            Duration used = before == null ? now.cpu() : now.cpu().minus(before.cpu());
            seconds.merge(now.role(), used.toMillis() / 1000.0, Double::sum);
        });
        return seconds;
    }

    private static void record(Map<Long, Entry> byPid, ProcessHandle process, String role) {
        process.info().totalCpuDuration().ifPresent(cpu -> byPid.put(process.pid(), new Entry(role, cpu)));
    }

    private static String roleOf(ProcessHandle process) {
        String commandLine = commandLineOf(process);
        // Workers first: their command line names the Conductor jar too, in a -D option copied from the bench JVM.
        if (commandLine.contains("org.selfreg.infra.cli.Main worker")) {
            return WORKERS;
        }
        if (commandLine.contains("conductor-server")) {
            return CONDUCTOR;
        }
        if (commandLine.contains("mlflow") || commandLine.contains("gunicorn") || commandLine.contains("uvicorn")) {
            return MLFLOW;
        }
        return OTHER;
    }

    /** Info.commandLine() stops at 4,096 characters, before a worker's main class; Linux's /proc has all of it. */
    private static String commandLineOf(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }
}
