package org.selfreg.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Conductor server on 127.0.0.1, run as a child JVM from its Spring Boot jar: single-node with SQLite for data, queues
 * and index under a work directory, or on a PostgreSQL database (data, queues, index and the workflow lock), the
 * persistence a team deployment runs several servers on. Not in-process: it leaves non-daemon threads behind and its
 * libraries clash with ours.
 */
public final class ConductorServer implements AutoCloseable {

    private static final String NAME = "Conductor";
    private static final int MINIMUM_JAVA = 21;
    private static final String SUGGESTED_JDK = "/usr/lib/jvm/temurin-25-jdk-amd64";
    // Measured RSS is 350-580 MB; a small serial-GC heap and C1 only keep memory and start time down on 2 cores.
    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** How long a running workflow may go without the sweeper deciding it (see {@link #writeConfig}). */
    private static final int MAX_POSTPONE_SECONDS = 60;

    private final ChildProcess process;
    private final int port;

    private ConductorServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the server and waits until {@code GET /health} answers 200: 20-50 s on an idle 2-core machine, 50-85 s
     * measured under load, so give it a few minutes.
     *
     * @param workDir where the configuration, {@code conductor.db} and {@code conductor.log} go; created if missing
     * @param port    the port on 127.0.0.1, or 0 for any free one
     * @throws PortInUseException   when {@code port} is taken
     * @throws ServerStartException when this JVM is older than Java 21, the jar is missing, or the server fails to
     *                              start in time
     */
    public static ConductorServer start(Path workDir, int port, Duration timeout) {
        Path dir = workDir.toAbsolutePath();
        return launch(dir, port, sqlite(dir), Map.of(), timeout);
    }

    /**
     * As {@link #start(Path, int, Duration)}, with data, queues, index and the workflow lock in a PostgreSQL database
     * (Conductor creates its tables there on first start). The password reaches the server in its environment, never
     * in the configuration file.
     *
     * @param workDir where the configuration and {@code conductor.log} go; created if missing
     */
    public static ConductorServer startOnPostgres(Path workDir, int port, PostgresDatabase database,
                                                  Duration timeout) {
        return launch(workDir.toAbsolutePath(), port, postgres(database),
                Map.of("SPRING_DATASOURCE_PASSWORD", database.password()), timeout);
    }

    /**
     * The persistence properties for a PostgreSQL database; {@code infra/deploy/conductor-postgres.properties} shows
     * them for a team server (a test keeps the two in step).
     */
    static List<String> postgres(PostgresDatabase database) {
        return List.of(
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.user(),
                "conductor.db.type=postgres",
                "conductor.queue.type=postgres",
                "conductor.indexing.enabled=true",
                "conductor.indexing.type=postgres",
                // Several servers on one database must not decide the same workflow at once.
                "conductor.workflow-execution-lock.type=postgres");
    }

    private static List<String> sqlite(Path dir) {
        return List.of(
                "spring.datasource.url=jdbc:sqlite:" + dir.resolve("conductor.db")
                        + "?busy_timeout=15000&journal_mode=WAL",
                "conductor.db.type=sqlite",
                "conductor.queue.type=sqlite",
                // Workflow search and task logs need the index.
                "conductor.indexing.enabled=true",
                "conductor.indexing.type=sqlite",
                "conductor.workflow-execution-lock.type=local_only");
    }

    private static ConductorServer launch(Path dir, int port, List<String> persistence, Map<String, String> secrets,
                                          Duration timeout) {
        requireJava21();
        Path jar = ConductorJar.locate();
        int boundPort = Ports.resolve(port, NAME);
        Path config = writeConfig(dir, boundPort, persistence);
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> environment = new HashMap<>(secrets);
        environment.put("CONDUCTOR_CONFIG_FILE", config.toString());
        ChildProcess child = ChildProcess.start(NAME, command, environment, dir, dir.resolve("conductor.log"));
        child.awaitHttpOk(URI.create(baseUrl(boundPort) + "/health"), timeout);
        return new ConductorServer(child, boundPort);
    }

    /** The REST API's base URL for the Conductor client: {@code http://127.0.0.1:<port>/api}. */
    public String apiUrl() {
        return baseUrl(port) + "/api";
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Stops the server (SIGTERM: it folds the SQLite WAL back into the database in about 2 s). */
    @Override
    public void close() {
        process.close();
    }

    private static String baseUrl(int port) {
        return "http://" + Ports.LOOPBACK_ADDRESS + ":" + port;
    }

    private static void requireJava21() {
        int feature = Runtime.version().feature();
        if (feature < MINIMUM_JAVA) {
            throw new ServerStartException("the Conductor server needs Java " + MINIMUM_JAVA + " or newer and runs on"
                    + " this JVM's java, which is Java " + feature + " (" + System.getProperty("java.home")
                    + "): set JAVA_HOME to a JDK " + MINIMUM_JAVA + "+, e.g. " + SUGGESTED_JDK + ", and start again");
        }
    }

    /** The java binary of this JVM, so the child runs on the Java version just checked. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Path writeConfig(Path dir, int port, List<String> persistence) {
        List<String> lines = new ArrayList<>(List.of(
                "server.address=" + Ports.LOOPBACK_ADDRESS,
                "server.port=" + port));
        lines.addAll(persistence);
        lines.addAll(List.of(
                "conductor.grpc-server.enabled=false",
                "conductor.integrations.ai.enabled=false",
                "conductor.scheduler.enabled=false",
                "conductor.app.ownerEmailMandatory=false",
                // A queued task can be lost when the server stops in the middle of a worker's poll; the sweeper puts
                // it back when it next decides the workflow, by default up to an hour later: cap that at a minute.
                "conductor.app.max-postpone-duration-seconds=" + MAX_POSTPONE_SECONDS,
                // The server's own polling costs CPU on the cores it shares with training. System tasks (JOIN,
                // SUB_WORKFLOW) are polled every 50 ms by default: 500 ms costs a JOIN at most 450 ms. The sweeper's two
                // threads per core check the decider queue ten times a second each: one, waiting up to 1 s for a
                // workflow to come due, delays a sweep by at most a second. Together they cut an idle server (no
                // workers) from 2.6-3.4 to 1.1 CPU s a minute (BENCHMARKS.md, orchestration).
                "conductor.app.systemTaskWorkerPollInterval=500ms",
                "conductor.app.sweeperThreadCount=1",
                "conductor.app.sweeper.queuePopTimeout=1000",
                "management.endpoints.web.exposure.include=health,info",
                ""));
        String properties = String.join("\n", lines);
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("conductor.properties"), properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Conductor configuration into " + dir, e);
        }
    }
}
