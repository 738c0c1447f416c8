package org.selfreg.infra.stack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.python.PythonVenv;
import org.selfreg.python.PythonVenvException;
import org.selfreg.storage.S3Settings;

/**
 * An MLflow tracking server on 127.0.0.1, run from a {@link PythonVenv} ({@code mlflow-venv}), with runs in SQLite
 * under a work directory and artifacts under {@code s3://<bucket>/mlflow}. Clients write artifacts to S3 themselves
 * ({@code --no-serve-artifacts}); the server reads them for its UI with the credentials it gets in its environment,
 * never on its command line.
 */
public final class MlflowServer implements AutoCloseable {

    private static final String NAME = "MLflow";
    /**
     * MLflow 3.17 is the release the server flags and environment below were checked against; boto3 is MLflow's S3
     * artifact store. The check reads package metadata (0.1 s, where {@code import mlflow} takes 3 s).
     */
    static final PythonVenv.Spec VENV = new PythonVenv.Spec("mlflow-venv", List.of("mlflow>=3.17,<4", "boto3"),
            "import os, sys; from importlib.metadata import version;"
                    + " sys.exit(0 if version('mlflow').split('.')[0] == '3' and version('boto3')"
                    + " and os.path.exists(os.path.join(sys.prefix, 'bin', 'mlflow')) else 1)");
    private static final Map<String, String> LEAN_SERVER = Map.of(
            // MLflow 3 otherwise starts a job runner with seven huey consumer processes (about 1.2 GB) that our
            // pipeline never uses; without it the server was healthy after 11 s instead of 28 s.
            "MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false",
            // boto3's default checksums are headers S3-compatible servers such as S3Proxy do not store.
            "AWS_REQUEST_CHECKSUM_CALCULATION", "when_required",
            "AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required",
            "PYTHONUNBUFFERED", "1");

    private final ChildProcess process;
    private final URI trackingUri;

    private MlflowServer(ChildProcess process, URI trackingUri) {
        this.process = process;
        this.trackingUri = trackingUri;
    }

    /**
     * Starts the server and waits until {@code GET /health} answers 200. The bucket must already exist.
     *
     * @param workDir       where {@code mlflow.db} and {@code mlflow.log} go; created if missing
     * @param port          the port on 127.0.0.1, or 0 for any free one
     * @param artifactStore the S3 endpoint, credentials and bucket for artifacts; a {@code null} endpoint or key means
     *                      AWS's own endpoint or credential chain
     * @throws PortInUseException   when {@code port} is taken
     * @throws ServerStartException when Python or MLflow cannot be set up, or the server fails to start in time
     */
    /** The SQLite database in which a server started on {@code workDir} keeps experiments, runs, params and tags. */
    public static Path databaseFile(Path workDir) {
        return workDir.toAbsolutePath().resolve("mlflow.db");
    }

    public static MlflowServer start(Path workDir, int port, S3Settings artifactStore, Duration timeout) {
        PythonVenv python;
        try {
            python = PythonVenv.ensure(VENV);
        } catch (PythonVenvException e) {
            throw new ServerStartException(NAME + " cannot be installed: " + e.getMessage(), e);
        }
        int boundPort = Ports.resolve(port, NAME);
        Path dir = workDir.toAbsolutePath();
        List<String> command = List.of(python.executable("mlflow").toString(), "server",
                "--host", Ports.LOOPBACK_ADDRESS,
                "--port", Integer.toString(boundPort),
                "--backend-store-uri", "sqlite:///" + databaseFile(dir),
                "--default-artifact-root", "s3://" + artifactStore.bucket() + "/mlflow",
                "--no-serve-artifacts",
                // One process serves a team's tracking calls; the default of four costs 250 MB each.
                "--workers", "1");
        ChildProcess child = ChildProcess.start(NAME, command, environment(artifactStore), dir,
                dir.resolve("mlflow.log"));
        URI trackingUri = URI.create("http://" + Ports.LOOPBACK_ADDRESS + ":" + boundPort);
        child.awaitHttpOk(trackingUri.resolve("/health"), timeout);
        return new MlflowServer(child, trackingUri);
    }

    /** The tracking URI for MLflow clients ({@code MLFLOW_TRACKING_URI}). */
    public URI trackingUri() {
        return trackingUri;
    }

    /** Stops the server and the worker processes it forked. */
    @Override
    public void close() {
        process.close();
    }

    private static Map<String, String> environment(S3Settings store) {
        Map<String, String> environment = new HashMap<>(LEAN_SERVER);
        environment.put("AWS_DEFAULT_REGION", store.region());
        if (store.endpoint() != null) {
            environment.put("MLFLOW_S3_ENDPOINT_URL", store.endpoint().toString());
        }
        if (store.accessKey() != null && store.secretKey() != null) {
            environment.put("AWS_ACCESS_KEY_ID", store.accessKey());
            environment.put("AWS_SECRET_ACCESS_KEY", store.secretKey());
        }
        return environment;
    }
}
