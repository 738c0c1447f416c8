package org.selfreg.infra;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.selfreg.infra.stack.ConductorServer;
import org.selfreg.infra.stack.LocalS3Server;
import org.selfreg.infra.stack.MlflowServer;
import org.selfreg.infra.stack.Ports;
import org.selfreg.infra.stack.Reachability;
import org.selfreg.storage.S3Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of one sweep environment: each one either started here on 127.0.0.1 or an existing one given by address.
 * Closing it stops exactly what it started, in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /** The bucket of the local S3 server. */
    public static final String BUCKET = "selfreg";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final StackEndpoints endpoints;
    private final List<AutoCloseable> started;

    private LocalStack(StackEndpoints endpoints, List<AutoCloseable> started) {
        this.endpoints = endpoints;
        this.started = started;
    }

    /** Starts what {@code options} does not point elsewhere; the slow servers start in parallel. */
    public static LocalStack start(StackOptions options) {
        requirePortsFree(options);
        requireExternalServersAnswer(options);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            S3Settings s3 = options.externalS3() != null ? options.externalS3() : startS3(options, started);
            CompletableFuture<ConductorServer> conductor = options.externalConductor() != null ? null
                    : CompletableFuture.supplyAsync(() -> ConductorServer.start(
                            options.workDir().resolve("conductor"), options.conductorPort(), START_TIMEOUT));
            CompletableFuture<MlflowServer> mlflow = options.externalMlflow() != null ? null
                    : CompletableFuture.supplyAsync(() -> MlflowServer.start(
                            mlflowDir(options.workDir()), options.mlflowPort(), s3, START_TIMEOUT));
            // Wait for both before failing, so that a server that did start is stopped with the rest.
            RuntimeException failure = null;
            URI conductorApi = options.externalConductor();
            URI mlflowUri = options.externalMlflow();
            try {
                if (conductor != null) {
                    conductorApi = URI.create(record(conductor.join(), started).apiUrl());
                }
            } catch (CompletionException e) {
                failure = unwrap(e);
            }
            try {
                if (mlflow != null) {
                    mlflowUri = record(mlflow.join(), started).trackingUri();
                }
            } catch (CompletionException e) {
                failure = failure != null ? failure : unwrap(e);
            }
            if (failure != null) {
                throw failure;
            }
            LOG.info("stack ready: Conductor {}, MLflow {}, S3 {}", conductorApi, mlflowUri, s3.endpoint());
            return new LocalStack(new StackEndpoints(conductorApi, mlflowUri, s3), started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** Where a persistent local S3 server under {@code workDir} keeps its buckets. */
    public static Path s3StoreDir(Path workDir) {
        return workDir.resolve("s3");
    }

    /** Where a local MLflow server under {@code workDir} keeps its database and log. */
    public static Path mlflowDir(Path workDir) {
        return workDir.resolve("mlflow");
    }

    /** Fails before anything starts when a fixed port of a server to start is taken, so a user sees it at once. */
    private static void requirePortsFree(StackOptions options) {
        if (options.externalS3() == null && options.s3Port() != 0) {
            Ports.requireFree(options.s3Port(), "S3");
        }
        if (options.externalMlflow() == null && options.mlflowPort() != 0) {
            Ports.requireFree(options.mlflowPort(), "MLflow");
        }
        if (options.externalConductor() == null && options.conductorPort() != 0) {
            Ports.requireFree(options.conductorPort(), "Conductor");
        }
    }

    /** Fails before anything starts when a server given by address does not answer: a typo in a URL, say. */
    private static void requireExternalServersAnswer(StackOptions options) {
        if (options.externalConductor() != null) {
            Reachability.requireAnswering(options.externalConductor(), "Conductor",
                    "check --conductor-url (or SELFREG_CONDUCTOR_URL), or leave it out to start a local Conductor");
        }
        if (options.externalMlflow() != null) {
            Reachability.requireAnswering(options.externalMlflow(), "MLflow",
                    "check --mlflow-url (or MLFLOW_TRACKING_URI), or leave it out to start a local MLflow");
        }
        if (options.externalS3() != null) {
            Reachability.requireAnswering(options.externalS3().endpoint(), "S3",
                    "check --s3-endpoint (or SELFREG_S3_ENDPOINT), or leave it out to start a local S3 server");
        }
    }

    private static S3Settings startS3(StackOptions options, List<AutoCloseable> started) {
        LocalS3Server server = record(LocalS3Server.start(
                options.persistentS3() ? s3StoreDir(options.workDir()) : null, options.s3Port(), BUCKET), started);
        return server.settings();
    }

    private static <T extends AutoCloseable> T record(T server, List<AutoCloseable> started) {
        started.add(server);
        return server;
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", servers.get(i), e.toString());
            }
        }
        servers.clear();
    }
}
