package org.selfreg.infra;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.selfreg.storage.S3Settings;

/**
 * How to get a stack: which servers to start locally (on which ports, under which directory) and which existing ones to
 * use instead. A {@code null} external endpoint means "start it here".
 *
 * @param workDir           local state: SQLite databases, the S3 store, logs, caches
 * @param persistentS3      keep the local S3 store on disk (a demo) or in memory (a test)
 * @param s3Port            port of the local S3 server (0 = any free port)
 * @param mlflowPort        port of the local MLflow server (0 = any free port)
 * @param conductorPort     port of the local Conductor server (0 = any free port)
 * @param externalConductor an existing Conductor API base URL, or null
 * @param externalMlflow    an existing MLflow tracking server, or null
 * @param externalS3        an existing S3 bucket, or null
 * @param externalOrigins   where each external endpoint was given, by server ({@code MLflow} to
 *                          {@code environment variable MLFLOW_TRACKING_URI}), so that a user learns it
 */
public record StackOptions(Path workDir, boolean persistentS3, int s3Port, int mlflowPort, int conductorPort,
                           URI externalConductor, URI externalMlflow, S3Settings externalS3,
                           Map<String, String> externalOrigins) {

    /** Everything local, on free ports, under {@code workDir}: what tests use. */
    public static StackOptions localOnFreePorts(Path workDir) {
        return new StackOptions(workDir, false, 0, 0, 0, null, null, null, Map.of());
    }

    /**
     * One line naming the existing servers this stack uses instead of starting its own, and where each was given;
     * empty when it starts them all. An {@code MLFLOW_TRACKING_URI} left in a shell would otherwise send a demo's runs
     * to a team server without a word.
     */
    public Optional<String> externalServers() {
        List<String> servers = new ArrayList<>();
        describe(servers, "MLflow", externalMlflow);
        describe(servers, "Conductor", externalConductor);
        describe(servers, "S3", externalS3 == null ? null : externalS3.endpoint() + " bucket " + externalS3.bucket());
        return servers.isEmpty() ? Optional.empty()
                : Optional.of("Using existing servers, not starting them: " + String.join("; ", servers));
    }

    private void describe(List<String> servers, String server, Object endpoint) {
        if (endpoint != null) {
            String origin = externalOrigins.get(server);
            servers.add(server + " at " + endpoint + (origin == null ? "" : " (from " + origin + ")"));
        }
    }
}
