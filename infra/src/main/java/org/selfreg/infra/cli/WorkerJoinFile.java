package org.selfreg.infra.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.selfreg.infra.StackEndpoints;
import org.selfreg.infra.stack.Ports;

/**
 * How {@code ./selfreg worker} processes join a sweep started with {@code --workers remote}: the servers' addresses,
 * and the S3 credentials, in a shell file that only the user can read. The local S3 server makes up new credentials at
 * every start, so without it no worker could know them and the sweep would wait forever.
 */
final class WorkerJoinFile {

    static final String FILE_NAME = "worker.env";

    private WorkerJoinFile() {
    }

    /**
     * Writes {@code <workDir>/worker.env} (mode 600, replacing an older one) and returns the line telling how a
     * worker starts with it.
     *
     * @param withCredentials whether the S3 credentials go in the file (the local S3 server's); a user who gave the
     *                        S3 endpoint has the credentials already and sets them as for any worker
     * @param domain          the sweep's task domain, or null
     */
    static String write(Path workDir, StackEndpoints endpoints, boolean withCredentials, String domain) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SELFREG_CONDUCTOR_URL", endpoints.conductorApi().toString());
        variables.put("MLFLOW_TRACKING_URI", endpoints.mlflow().toString());
        variables.put("SELFREG_S3_ENDPOINT", endpoints.s3().endpoint().toString());
        variables.put("SELFREG_S3_BUCKET", endpoints.s3().bucket());
        variables.put("AWS_REGION", endpoints.s3().region());
        if (withCredentials) {
            variables.put("AWS_ACCESS_KEY_ID", endpoints.s3().accessKey());
            variables.put("AWS_SECRET_ACCESS_KEY", endpoints.s3().secretKey());
        }
        if (domain != null) {
            variables.put("SELFREG_TASK_DOMAIN", domain);
        }
        variables.put("SELFREG_WORK_DIR", workDir.toString());
        Path file = workDir.resolve(FILE_NAME);
        writePrivately(file, "# The servers of the sweep started by ./selfreg at this file's time: "
                + "(. " + file + " && ./selfreg worker)\n" + variables.entrySet().stream()
                .map(e -> "export " + e.getKey() + "=" + quoted(e.getValue()) + "\n").collect(Collectors.joining()));
        boolean loopback = Stream.of(endpoints.conductorApi(), endpoints.mlflow(), endpoints.s3().endpoint())
                .anyMatch(uri -> Ports.LOOPBACK_ADDRESS.equals(uri.getHost()));
        return "Workers join with: (. " + file + " && ./selfreg worker)"
                + (withCredentials ? "" : " and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of the bucket set")
                + "; " + file.getFileName() + " (mode 600, rewritten at every start) holds the servers' addresses"
                + (withCredentials ? " and S3 credentials" : "")
                + (loopback ? "; servers on " + Ports.LOOPBACK_ADDRESS + " take workers of this machine only" : "");
    }

    private static void writePrivately(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            // Created with its mode, never readable by others for a moment as a later chmod would leave it.
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " for the workers", e);
        }
    }

    /** {@code value} in single quotes for a POSIX shell. */
    private static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
