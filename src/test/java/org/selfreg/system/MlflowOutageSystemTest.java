package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;
import org.selfreg.infra.stack.LocalS3Server;
import org.selfreg.infra.stack.MlflowServer;
import org.selfreg.infra.stack.Ports;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RunRef;

/**
 * The MLflow server goes away for 30 s in the middle of a run's per-epoch logging: nothing is lost, the buffered metrics
 * reach the server once it is back.
 */
class MlflowOutageSystemTest {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void metricsLoggedDuringAnOutageAreReplayed() throws Exception {
        Path workDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "system-test")),
                "mlflow-outage-").toAbsolutePath();
        int port = Ports.freePort();
        try (LocalS3Server s3 = LocalS3Server.start(null, 0, "selfreg")) {
            MlflowServer mlflow = MlflowServer.start(workDir, port, s3.settings(), Duration.ofMinutes(3));
            try (MlflowTracker tracker = new MlflowTracker(mlflow.trackingUri(), Duration.ofMinutes(3))) {
                String experiment = tracker.experimentId("outage");
                RunRef parent = tracker.openParentRun(experiment, "sweep-1", "sweep", Map.of(), Map.of());
                RunRef run = tracker.openChildRun(experiment, parent.runId(), "trial-1", "trial", Map.of(), Map.of());
                tracker.logMetrics(run.runId(), Map.of("loss", 1.0), 1);

                mlflow.close();
                for (int epoch = 2; epoch <= 4; epoch++) {
                    tracker.logMetrics(run.runId(), Map.of("loss", 1.0 / epoch), epoch);
                }
                Thread.sleep(OUTAGE.toMillis());
                mlflow = MlflowServer.start(workDir, port, s3.settings(), Duration.ofMinutes(3));
                tracker.logMetrics(run.runId(), Map.of("loss", 0.2), 5);

                List<Metric> history = tracker.metricHistory(run.runId(), "loss");
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L), history.stream().map(Metric::getStep).toList());
                assertEquals(0.25, history.get(3).getValue(), 1e-12);
            } finally {
                mlflow.close();
            }
        }
        assertTrue(Files.exists(workDir.resolve("mlflow.db")), "one database across the restart");
    }
}
