package org.selfreg.infra;

import java.net.URI;
import java.nio.file.Path;
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
 */
public record StackOptions(Path workDir, boolean persistentS3, int s3Port, int mlflowPort, int conductorPort,
                           URI externalConductor, URI externalMlflow, S3Settings externalS3) {

    /** Everything local, on free ports, under {@code workDir}: what tests use. */
    public static StackOptions localOnFreePorts(Path workDir) {
        return new StackOptions(workDir, false, 0, 0, 0, null, null, null);
    }
}
