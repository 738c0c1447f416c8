package org.selfreg.infra.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.storage.S3Settings;

/**
 * The typed, validated options of {@code selfreg demo}: a lambda sweep on a generated Synapse-like dataset.
 */
record DemoOptions(List<Double> lambdas, int epochs, int width, int imageSize, int batchSize, double lr, long seed,
                   int cases, Path workDir, String experiment, StackOptions stack) {

    static final OptionSpec SPEC = new OptionSpec("demo")
            .add("lambdas", "0,0.01,0.1", null, "comma-separated SelfReg weights, one trial each")
            .add("epochs", "2", null, "training epochs per trial")
            .add("width", "8", null, "UNet base width (64 = the paper's UNet)")
            .add("image-size", "64", null, "slice size in pixels, for the generated data and the model")
            .add("batch-size", "8", null, "training batch size")
            .add("lr", "0.01", null, "base learning rate (SGD, poly schedule)")
            .add("seed", "1234", null, "seed of the data, the initialisation and the training")
            .add("cases", "12", null, "number of synthetic CT volumes")
            .add("work-dir", ".selfreg", "SELFREG_WORK_DIR", "local state: databases, S3 store, caches, logs")
            .add("experiment", "selfreg-demo", null, "MLflow experiment")
            .add("s3-port", "9310", null, "port of the local S3 server")
            .add("mlflow-port", "5310", null, "port of the local MLflow server")
            .add("conductor-port", "8310", null, "port of the local Conductor server")
            .add("conductor-url", null, "SELFREG_CONDUCTOR_URL", "use this Conductor API instead of starting one")
            .add("mlflow-url", null, "MLFLOW_TRACKING_URI", "use this MLflow server instead of starting one")
            .add("s3-endpoint", null, "SELFREG_S3_ENDPOINT", "use this S3 endpoint instead of starting one"
                    + " (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
            .add("s3-bucket", "selfreg", "SELFREG_S3_BUCKET", "bucket on --s3-endpoint")
            .add("s3-region", "us-east-1", "AWS_REGION", "region of --s3-endpoint");

    static DemoOptions parse(List<String> args, Map<String, String> env) {
        Map<String, String> v = SPEC.parse(args, env);
        Path workDir = Path.of(v.get("work-dir")).toAbsolutePath();
        S3Settings externalS3 = null;
        if (v.get("s3-endpoint") != null) {
            String key = env.get("AWS_ACCESS_KEY_ID");
            String secret = env.get("AWS_SECRET_ACCESS_KEY");
            if (key == null || secret == null) {
                throw new UsageException("--s3-endpoint needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
            externalS3 = new S3Settings(url("s3-endpoint", v), v.get("s3-region"), key, secret, v.get("s3-bucket"));
        }
        StackOptions stack = new StackOptions(workDir, true, port("s3-port", v), port("mlflow-port", v),
                port("conductor-port", v), v.get("conductor-url") == null ? null : url("conductor-url", v),
                v.get("mlflow-url") == null ? null : url("mlflow-url", v), externalS3);
        return new DemoOptions(lambdas(v.get("lambdas")), positive("epochs", v), positive("width", v),
                positive("image-size", v), positive("batch-size", v), positiveNumber("lr", v),
                whole("seed", v), atLeast("cases", v, 4), workDir, v.get("experiment"), stack);
    }

    /** The sweep these options describe. */
    SweepRequest sweep(String sweepName) {
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("source", "synthetic");
        dataset.put("cases", cases);
        dataset.put("size", imageSize);
        dataset.put("seed", seed);
        dataset.put("valCases", Math.max(1, cases / 6));
        dataset.put("testCases", Math.max(1, cases / 4));
        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put("epochs", epochs);
        trial.put("baseWidth", width);
        trial.put("imageSize", imageSize);
        trial.put("batchSize", batchSize);
        trial.put("baseLr", lr);
        trial.put("seed", seed);
        return new SweepRequest(experiment, sweepName, dataset, lambdas, trial);
    }

    private static List<Double> lambdas(String text) {
        List<Double> values = new ArrayList<>();
        for (String part : text.split(",")) {
            String item = part.strip();
            double value;
            try {
                value = Double.parseDouble(item);
            } catch (NumberFormatException e) {
                throw new UsageException("--lambdas: '" + item + "' is not a number (example: --lambdas 0,0.01,0.1)");
            }
            if (!Double.isFinite(value) || value < 0) {
                throw new UsageException("--lambdas: " + item
                        + " is not allowed: lambda weights the SelfReg loss and must be a finite number >= 0");
            }
            values.add(value);
        }
        return values;
    }

    private static long whole(String name, Map<String, String> v) {
        try {
            return Long.parseLong(v.get(name).strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + v.get(name) + "' is not a whole number");
        }
    }

    private static int atLeast(String name, Map<String, String> v, int min) {
        long value = whole(name, v);
        if (value < min || value > Integer.MAX_VALUE) {
            throw new UsageException("--" + name + ": " + value + " is out of range: use a whole number >= " + min);
        }
        return (int) value;
    }

    private static int positive(String name, Map<String, String> v) {
        return atLeast(name, v, 1);
    }

    private static int port(String name, Map<String, String> v) {
        long value = whole(name, v);
        if (value < 0 || value > 65535) {
            throw new UsageException("--" + name + ": " + value + " is not a port (0-65535; 0 = any free port)");
        }
        return (int) value;
    }

    private static double positiveNumber(String name, Map<String, String> v) {
        try {
            double value = Double.parseDouble(v.get(name).strip());
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new UsageException("--" + name + ": " + value + " must be a finite number > 0");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + v.get(name) + "' is not a number");
        }
    }

    private static URI url(String name, Map<String, String> v) {
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
