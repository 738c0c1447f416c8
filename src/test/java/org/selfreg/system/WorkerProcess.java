package org.selfreg.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.infra.StackEndpoints;
import org.selfreg.infra.stack.ChildProcess;

/**
 * {@code selfreg worker} in a JVM of its own ({@link SelfregJvm}), as a user starts one on another machine: the
 * servers' addresses on its command line, the S3 credentials in its environment.
 */
public final class WorkerProcess implements AutoCloseable {

    private final ChildProcess process;

    private WorkerProcess(ChildProcess process) {
        this.process = process;
    }

    /**
     * Starts a worker that keeps its local state in {@code workDir} and writes its log to {@code <workDir>.log}.
     *
     * @param domain the task domain of its training and evaluation tasks, or null
     */
    static WorkerProcess start(StackEndpoints endpoints, Path workDir, String domain) throws IOException {
        return start(endpoints, workDir, domain, 0);
    }

    /**
     * As {@link #start(StackEndpoints, Path, String)}, with libtorch limited to {@code threads} threads (0: as this
     * JVM), so that several workers can share one machine's cores.
     */
    public static WorkerProcess start(StackEndpoints endpoints, Path workDir, String domain, int threads)
            throws IOException {
        return start(endpoints, workDir, domain, threads, Map.of());
    }

    /** As {@link #start(StackEndpoints, Path, String, int)}, with extra system properties (test hooks). */
    static WorkerProcess start(StackEndpoints endpoints, Path workDir, String domain, int threads,
                               Map<String, String> properties) throws IOException {
        Files.createDirectories(workDir);
        List<String> jvmOptions = new ArrayList<>();
        properties.forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
        Map<String, String> environment = new HashMap<>(Map.of(
                "AWS_ACCESS_KEY_ID", endpoints.s3().accessKey(),
                "AWS_SECRET_ACCESS_KEY", endpoints.s3().secretKey()));
        if (threads > 0) {
            jvmOptions.add("-Dai.djl.pytorch.num_threads=" + threads);
            environment.put("OMP_NUM_THREADS", Integer.toString(threads));
        }
        List<String> args = new ArrayList<>(List.of("worker",
                "--work-dir", workDir.toString(),
                "--conductor-url", endpoints.conductorApi().toString(),
                "--mlflow-url", endpoints.mlflow().toString(),
                "--s3-endpoint", endpoints.s3().endpoint().toString(),
                "--s3-bucket", endpoints.s3().bucket()));
        if (domain != null) {
            args.addAll(List.of("--domain", domain));
        }
        Path log = workDir.resolveSibling(workDir.getFileName() + ".log");
        return new WorkerProcess(ChildProcess.start("worker " + workDir.getFileName(),
                SelfregJvm.command(jvmOptions, args), environment, workDir.getParent(), log));
    }

    /** SIGKILL: the worker dies at once, in the middle of whatever it does, as on a machine that loses power. */
    public void kill() {
        ProcessHandle handle = process.processTree().getFirst();
        handle.destroyForcibly();
        handle.onExit().join();
    }

    public Path logFile() {
        return process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }
}
