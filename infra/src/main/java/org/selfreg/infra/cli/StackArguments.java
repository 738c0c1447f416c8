package org.selfreg.infra.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.selfreg.infra.StackOptions;
import org.selfreg.storage.S3Settings;

/**
 * The options every command shares to reach its servers: a local stack under a work directory, or existing servers.
 */
final class StackArguments {

    private StackArguments() {
    }

    /** Adds the stack options to a command's option spec. */
    static OptionSpec addTo(OptionSpec spec) {
        return spec
                .add("work-dir", ".selfreg", "SELFREG_WORK_DIR", "local state: databases, S3 store, caches, logs")
                .add("s3-port", "9310", null, "port of the local S3 server")
                .add("mlflow-port", "5310", null, "port of the local MLflow server")
                .add("conductor-port", "8310", null, "port of the local Conductor server")
                .add("conductor-url", null, "SELFREG_CONDUCTOR_URL", "use this Conductor API instead of starting one")
                .add("mlflow-url", null, "MLFLOW_TRACKING_URI", "use this MLflow server instead of starting one")
                .add("s3-endpoint", null, "SELFREG_S3_ENDPOINT", "use this S3 endpoint instead of starting one"
                        + " (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
                .add("s3-bucket", "selfreg", "SELFREG_S3_BUCKET", "bucket on --s3-endpoint")
                .add("s3-region", "us-east-1", "AWS_REGION", "region of --s3-endpoint");
    }

    static Path workDir(OptionSpec.Values v) {
        return Arguments.writableDirectory("work-dir", v.get("work-dir"));
    }

    /** The stack these options describe. */
    static StackOptions parse(OptionSpec.Values v, Map<String, String> env) {
        S3Settings externalS3 = externalS3(v, env);
        return new StackOptions(workDir(v), true, port("s3-port", v), port("mlflow-port", v),
                port("conductor-port", v), v.get("conductor-url") == null ? null : url("conductor-url", v),
                v.get("mlflow-url") == null ? null : url("mlflow-url", v), externalS3, origins(v));
    }

    /** The S3 endpoint of {@code --s3-endpoint}, {@code --s3-region} and {@code --s3-bucket}; null without one. */
    static S3Settings externalS3(OptionSpec.Values v, Map<String, String> env) {
        if (v.get("s3-endpoint") == null) {
            return null;
        }
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null) {
            throw new UsageException("--s3-endpoint needs credentials: set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY");
        }
        return new S3Settings(url("s3-endpoint", v), v.get("s3-region"), key, secret, v.get("s3-bucket"));
    }

    /** Where the external endpoints were given, by server, for {@link StackOptions#externalServers()}. */
    private static Map<String, String> origins(OptionSpec.Values v) {
        Map<String, String> origins = new LinkedHashMap<>();
        Map.of("MLflow", "mlflow-url", "Conductor", "conductor-url", "S3", "s3-endpoint").forEach((server, option) -> {
            if (v.origin(option) != null) {
                origins.put(server, v.origin(option));
            }
        });
        return origins;
    }

    private static int port(String name, OptionSpec.Values v) {
        return Arguments.port(name, v.get(name));
    }

    static URI url(String name, OptionSpec.Values v) {
        try {
            URI uri = URI.create(v.get(name).strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + name + ": '" + v.get(name) + "' is not a URL like http://host:port");
        }
    }
}
