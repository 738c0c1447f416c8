package org.selfreg.infra.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process this JVM started (a server of the local stack, or a one-off command such as {@code pip install}), with its
 * stdout and stderr in a log file. It leads a process group of its own ({@link ProcessGroup}), is registered for the
 * JVM's shutdown, and stopping it also stops every process it forked: MLflow's server runs its web workers as
 * grandchildren that would otherwise outlive it.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final int LOG_LINES_ON_FAILURE = 20;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Instant started = Instant.now();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workingDir} with this JVM's environment plus {@code environment}, writing its
     * stdout and stderr to {@code logFile} (replaced if present).
     *
     * @param name what the process is, as a user knows it ("Conductor", "MLflow"); used in messages
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
            Path workingDir, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(ProcessGroup.leading(command))
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
            builder.environment().putAll(environment);
            ChildProcess child = new ChildProcess(name, builder.start(), logFile);
            ChildProcessRegistry.register(child);
            LOG.debug("Started {} (pid {}): {}", name, child.pid(), command);
            return child;
        } catch (IOException e) {
            throw new ServerStartException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** The operating system's id of the process. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process (not counting its descendants) is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where its stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    /** The process and everything it forked that is still running, the process first. */
    public List<ProcessHandle> processTree() {
        ProcessHandle root = process.toHandle();
        return Stream.concat(Stream.of(root), root.descendants()).filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Polls {@code healthUrl} until it answers 200. Fails as soon as the process exits, or when {@code timeout} passes,
     * with the last lines of the log in the message; on failure the process is stopped, so a caller has nothing to
     * clean up.
     */
    public void awaitHttpOk(URI healthUrl, Duration timeout) {
        try {
            pollUntilOk(healthUrl, timeout);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("{} ready on {} after {} s (log {})", name, healthUrl,
                String.format("%.1f", Duration.between(started, Instant.now()).toMillis() / 1000.0), logFile);
    }

    private void pollUntilOk(URI healthUrl, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(healthUrl).timeout(HEALTH_REQUEST_TIMEOUT).GET().build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(HEALTH_REQUEST_TIMEOUT).build()) {
            while (true) {
                if (!process.isAlive()) {
                    throw failure(name + " exited with code " + process.exitValue() + " while starting");
                }
                if (answersOk(client, request)) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw failure(name + " did not answer 200 on " + healthUrl + " within " + timeout.toSeconds()
                            + " s");
                }
                Thread.sleep(POLL_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while waiting for " + name + " on " + healthUrl, e);
        }
    }

    /**
     * Waits for the process to finish and returns its exit code. When {@code timeout} passes first, the process is
     * stopped and a {@link ServerStartException} with the last lines of its log is thrown.
     */
    public int awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new ServerStartException("interrupted while waiting for " + name, e);
        }
        ServerStartException timedOut = failure(name + " did not finish within " + timeout.toSeconds() + " s");
        close();
        throw timedOut;
    }

    /** A {@link ServerStartException} whose message ends with the last lines of this process's log. */
    public ServerStartException failure(String reason) {
        return new ServerStartException(reason + "; last " + LOG_LINES_ON_FAILURE + " lines of " + logFile + ":"
                + System.lineSeparator() + LogTail.lastLines(logFile, LOG_LINES_ON_FAILURE));
    }

    /**
     * Asks the process, its process group and all its descendants to terminate (SIGTERM), waits up to 10 s, then kills
     * what is left. Idempotent; a second caller returns when the first has stopped everything.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            // The owner and the JVM's shutdown hook can both get here: neither may return while the tree still runs,
            // or the JVM halts in the middle of the other's stop and leaves the rest running (seen with ./selfreg ui).
            stopped.join();
            return;
        }
        try {
            stopTree();
        } finally {
            ChildProcessRegistry.unregister(this);
            stopped.complete(null);
        }
    }

    private void stopTree() {
        // Take the tree before signalling: a grandchild whose parent has exited is no longer a descendant.
        List<ProcessHandle> tree = processTree();
        ProcessGroup.signal(pid(), "TERM");
        tree.forEach(ProcessHandle::destroy);
        List<ProcessHandle> survivors = awaitAllExit(tree, STOP_GRACE);
        if (!survivors.isEmpty()) {
            LOG.warn("{} did not stop within {} s of SIGTERM: killing {} process(es)", name, STOP_GRACE.toSeconds(),
                    survivors.size());
        }
        // Whatever of the group is still there once the tree is gone was forked after the tree was taken.
        ProcessGroup.signal(pid(), "KILL");
        survivors.forEach(ProcessHandle::destroyForcibly);
        awaitAllExit(survivors, KILL_WAIT);
        LOG.debug("Stopped {} (pid {})", name, pid());
    }

    /** Waits until every process in {@code handles} has exited or {@code grace} has passed; returns those still alive. */
    private static List<ProcessHandle> awaitAllExit(List<ProcessHandle> handles, Duration grace) {
        Instant deadline = Instant.now().plus(grace);
        for (ProcessHandle handle : handles) {
            long remainingMillis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            try {
                handle.onExit().get(remainingMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Still running: the caller escalates.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return handles.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static boolean answersOk(HttpClient client, HttpRequest request) throws InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}
