package org.selfreg.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.selfreg.dataprep.FileTrees;

/**
 * A throw-away PostgreSQL cluster on 127.0.0.1 with one database, from the binaries of the installed PostgreSQL (Debian's
 * {@code postgresql} package keeps them in {@code /usr/lib/postgresql/<version>/bin}, off the PATH).
 *
 * <p>The cluster lives in a fresh temporary directory and is deleted on {@link #close()}. PostgreSQL refuses to run as
 * root, so under root its commands run as the {@code postgres} account the package creates ({@code runuser}); the
 * cluster directory is then that account's. Clients log in with a password (scram-sha-256) that is generated here and
 * only ever passed in environment variables, never on a command line.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String NAME = "PostgreSQL";
    private static final String SUPERUSER = "selfreg";
    private static final String SERVICE_ACCOUNT = "postgres";
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChildProcess process;
    private final Path binaries;
    private final Path cluster;
    private final Path logDir;
    private final PostgresDatabase database;

    private PostgresServer(ChildProcess process, Path binaries, Path cluster, Path logDir, PostgresDatabase database) {
        this.process = process;
        this.binaries = binaries;
        this.cluster = cluster;
        this.logDir = logDir;
        this.database = database;
    }

    /** The directory holding {@code initdb}, {@code postgres} and {@code psql}, if PostgreSQL is installed. */
    public static Optional<Path> binaries() {
        Optional<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(Path::of)
                .filter(PostgresServer::holdsServer)
                .findFirst()
                // A PATH entry may hold links to a few of the programs only: take the directory they point into.
                .map(PostgresServer::realDirectory);
        if (onPath.isPresent() || !Files.isDirectory(DEBIAN_BINARIES)) {
            return onPath;
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(v -> v.resolve("bin")).filter(PostgresServer::holdsServer)
                    .max(Comparator.comparing(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates a cluster, starts the server and creates the database {@code databaseName} owned by a login role with a
     * fresh password.
     *
     * @param logDir where {@code postgres.log} and the logs of the setup commands go; created if missing
     * @param port   the port on 127.0.0.1, or 0 for any free one
     * @throws ServerStartException when PostgreSQL is not installed, cannot run under this account, or does not accept
     *                              connections within {@code timeout}
     */
    public static PostgresServer start(Path logDir, int port, String databaseName, Duration timeout) {
        Path binaries = binaries().orElseThrow(() -> new ServerStartException("PostgreSQL is not installed (no initdb"
                + " on the PATH or under " + DEBIAN_BINARIES + "): install it, e.g. apt-get install postgresql"));
        int boundPort = Ports.resolve(port, NAME);
        Path logs = createDirectories(logDir.toAbsolutePath());
        Path cluster = createCluster(binaries, logs);
        ChildProcess server = null;
        try {
            PostgresDatabase database = new PostgresDatabase(Ports.LOOPBACK_ADDRESS, boundPort, databaseName,
                    SUPERUSER, Files.readString(cluster.resolve("password")).strip());
            Files.delete(cluster.resolve("password"));
            server = ChildProcess.start(NAME, asServiceAccount(List.of(
                    binaries.resolve("postgres").toString(), "-D", cluster.resolve("data").toString(),
                    "-h", Ports.LOOPBACK_ADDRESS, "-p", Integer.toString(boundPort),
                    // The socket next to the data: the system's socket directory may not exist or be writable.
                    "-k", cluster.toString(),
                    // A throw-away cluster: losing it on a power cut is fine, waiting for the disk is not.
                    "-c", "fsync=off")), Map.of(), cluster, logs.resolve("postgres.log"));
            PostgresServer started = new PostgresServer(server, binaries, cluster, logs, database);
            started.awaitReady(timeout);
            started.psql("postgres", "CREATE DATABASE " + databaseName);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the generated PostgreSQL password in " + cluster, e);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            FileTrees.deleteRecursively(cluster);
            throw e;
        }
    }

    /** The database and its login, for a JDBC client. */
    public PostgresDatabase database() {
        return database;
    }

    /** Runs one SQL statement in the database and returns its rows, one a line, columns separated by {@code |}. */
    public synchronized String query(String sql) {
        return psql(database.name(), sql);
    }

    /** Stops the server and deletes the cluster. */
    @Override
    public void close() {
        process.close();
        FileTrees.deleteRecursively(cluster);
    }

    private static Path createCluster(Path binaries, Path logs) {
        Path cluster;
        try {
            // Not under the caller's directory: under root the postgres account must reach it, and test directories
            // are private to their owner.
            cluster = Files.createTempDirectory("selfreg-postgres-");
            Files.writeString(cluster.resolve("password"), randomHex(16));
            if (runningAsRoot()) {
                UserPrincipal account = cluster.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(SERVICE_ACCOUNT);
                Files.setOwner(cluster, account);
                Files.setOwner(cluster.resolve("password"), account);
            }
        } catch (IOException e) {
            throw new ServerStartException("cannot prepare a PostgreSQL cluster directory (running as root needs the '"
                    + SERVICE_ACCOUNT + "' account that Debian's postgresql package creates): " + e.getMessage(), e);
        }
        try {
            run("initdb", asServiceAccount(List.of(binaries.resolve("initdb").toString(),
                    "-D", cluster.resolve("data").toString(), "-U", SUPERUSER,
                    "--pwfile=" + cluster.resolve("password"), "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--encoding=UTF8", "--no-sync")), Map.of(), cluster, logs.resolve("initdb.log"));
        } catch (RuntimeException e) {
            FileTrees.deleteRecursively(cluster);
            throw e;
        }
        return cluster;
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<String> ready = List.of(binaries.resolve("pg_isready").toString(), "-q", "-h", database.host(),
                "-p", Integer.toString(database.port()), "-U", SUPERUSER);
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw process.failure(NAME + " exited while starting");
                }
                Process check = new ProcessBuilder(ready).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (check.waitFor() == 0) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw process.failure(NAME + " did not accept connections on port " + database.port()
                            + " within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            throw new ServerStartException("cannot run " + ready.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while waiting for " + NAME, e);
        }
    }

    private String psql(String databaseName, String sql) {
        Path log = logDir.resolve("psql.log");
        run("psql", List.of(binaries.resolve("psql").toString(), "-h", database.host(),
                "-p", Integer.toString(database.port()), "-U", database.user(), "-d", databaseName,
                "-v", "ON_ERROR_STOP=1", "-qtA", "-c", sql),
                Map.of("PGPASSWORD", database.password()), logDir, log);
        try {
            return Files.readString(log).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private static void run(String what, List<String> command, Map<String, String> environment, Path dir, Path log) {
        ChildProcess child = ChildProcess.start(what, command, environment, dir, log);
        int exit = child.awaitExit(COMMAND_TIMEOUT);
        if (exit != 0) {
            throw child.failure(what + " exited with code " + exit);
        }
    }

    private static List<String> asServiceAccount(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SERVICE_ACCOUNT, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean holdsServer(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"));
    }

    private static Path realDirectory(Path bin) {
        try {
            return bin.resolve("initdb").toRealPath().getParent();
        } catch (IOException e) {
            return bin;
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
