package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.selfreg.infra.stack.LocalS3Server;
import org.selfreg.infra.stack.MlflowServer;
import org.selfreg.tracking.RunRef;

/**
 * {@code selfreg ui}: serves the MLflow UI over a work directory's runs (and its S3 store, for the artifacts) again,
 * after a demo or sweep has stopped its servers.
 */
final class UiCommand {

    static final OptionSpec SPEC = new OptionSpec("ui", 0)
            .add("work-dir", ".selfreg", "SELFREG_WORK_DIR", "the work directory of an earlier demo or sweep")
            .add("s3-port", "9310", null, "port of the local S3 server")
            .add("mlflow-port", "5310", null, "port of the MLflow UI");

    private final PrintStream out;

    UiCommand(PrintStream out) {
        this.out = out;
    }

    /** Serves until Ctrl-C or SIGTERM, then stops both servers; returns 128 + the signal's number. */
    int run(List<String> args, Map<String, String> env) {
        OptionSpec.Values v = SPEC.parse(args, env);
        int s3Port = Arguments.port("s3-port", v.get("s3-port"));
        int mlflowPort = Arguments.port("mlflow-port", v.get("mlflow-port"));
        Path workDir = Path.of(v.get("work-dir")).toAbsolutePath();
        if (!workDir.resolve("mlflow").toFile().isDirectory()) {
            throw new UsageException(workDir + " holds no MLflow runs: run ./selfreg demo first, or give --work-dir");
        }
        try (LocalS3Server s3 = LocalS3Server.start(workDir.resolve("s3"),
                     s3Port, "selfreg");
             MlflowServer mlflow = MlflowServer.start(workDir.resolve("mlflow"),
                     mlflowPort, s3.settings(), Duration.ofMinutes(3));
             StopSignals signals = StopSignals.take()) {
            out.println("MLflow UI: " + RunRef.experimentsUrl(mlflow.trackingUri()) + " (Ctrl-C stops it)");
            // The servers stop on this thread, in order, before the JVM exits: MLflow's web workers with it.
            return signals.received().join().exitCode();
        }
    }
}
