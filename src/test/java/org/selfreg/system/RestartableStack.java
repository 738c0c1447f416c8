package org.selfreg.system;

import com.netflix.conductor.client.http.ConductorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.selfreg.infra.StackEndpoints;
import org.selfreg.infra.stack.ConductorServer;
import org.selfreg.infra.stack.LocalS3Server;
import org.selfreg.infra.stack.MlflowServer;
import org.selfreg.infra.stack.PostgresDatabase;
import org.selfreg.storage.S3Settings;

/**
 * The local stack of a fault-tolerance test: S3Proxy on a disk store, MLflow, and a Conductor server on SQLite or
 * PostgreSQL, each of which the test can stop and start again on the same port over the same data, as an operator
 * restarting a server would.
 */
final class RestartableStack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final String BUCKET = "selfreg";

    private final Path dir;
    private final PostgresDatabase postgres;
    private LocalS3Server s3;
    private final S3Settings s3Settings;
    private final MlflowServer mlflow;
    private ConductorServer conductor;
    private final int conductorPort;

    private RestartableStack(Path dir, PostgresDatabase postgres, LocalS3Server s3, MlflowServer mlflow,
                             ConductorServer conductor) {
        this.dir = dir;
        this.postgres = postgres;
        this.s3 = s3;
        this.s3Settings = s3.settings();
        this.mlflow = mlflow;
        this.conductor = conductor;
        this.conductorPort = conductor.port();
    }

    /**
     * Starts the servers under {@code dir} (MLflow and Conductor in parallel).
     *
     * @param postgres the Conductor server's database, or null for SQLite under {@code dir}
     */
    static RestartableStack start(Path dir, PostgresDatabase postgres) {
        LocalS3Server s3 = LocalS3Server.start(dir.resolve("s3"), 0, BUCKET);
        CompletableFuture<ConductorServer> conductor = CompletableFuture.supplyAsync(() -> startConductor(dir, 0,
                postgres));
        try {
            MlflowServer mlflow = MlflowServer.start(dir.resolve("mlflow"), 0, s3.settings(), START_TIMEOUT);
            try {
                return new RestartableStack(dir, postgres, s3, mlflow, conductor.join());
            } catch (RuntimeException e) {
                mlflow.close();
                throw e;
            }
        } catch (RuntimeException e) {
            conductor.thenAccept(ConductorServer::close);
            s3.close();
            throw e;
        }
    }

    StackEndpoints endpoints() {
        return new StackEndpoints(java.net.URI.create(conductor.apiUrl()), mlflow.trackingUri(), s3Settings);
    }

    ConductorClient conductorClient() {
        return ConductorClient.builder().basePath(conductor.apiUrl()).build();
    }

    /** Stops the Conductor server and starts it again on the same port over the same database. */
    void restartConductor() {
        conductor.close();
        conductor = startConductor(dir, conductorPort, postgres);
    }

    /** Stops S3; objects stay on disk. */
    void stopS3() {
        s3.close();
    }

    /** Starts S3 again on the same port, credentials and store. */
    void startS3() {
        s3 = LocalS3Server.restart(dir.resolve("s3"), s3Settings);
    }

    /** Every log file the stack and the workers started under its directory wrote. */
    List<Path> logFiles() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            conductor.close();
            mlflow.close();
        } finally {
            s3.close();
        }
    }

    private static ConductorServer startConductor(Path dir, int port, PostgresDatabase postgres) {
        return postgres == null
                ? ConductorServer.start(dir.resolve("conductor"), port, START_TIMEOUT)
                : ConductorServer.startOnPostgres(dir.resolve("conductor"), port, postgres, START_TIMEOUT);
    }
}
