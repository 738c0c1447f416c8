package org.selfreg.infra.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.models.RunModelDownload;
import org.selfreg.infra.stack.Reachability;
import org.selfreg.storage.DirectoryBucket;
import org.selfreg.storage.ObjectStore;
import org.selfreg.storage.S3Settings;
import org.selfreg.tracking.MlflowTracker;

/**
 * Where {@code --model} and {@code --run} find a model: a local package folder (offline), or {@code runs:/RUN_ID},
 * the package the evaluation worker stored in a trial run's artifacts, fetched through MLflow (for the run's artifact
 * location) and S3 (an external endpoint, or the work directory's store read from disk) into
 * {@code <work-dir>/models/<run id>}.
 */
final class ModelSources {

    static final String RUNS = "runs:/";
    static final String MODELS = "models:/";

    private ModelSources() {
    }

    /** Adds the options that reach a run's model to a command's option spec. */
    static OptionSpec addTo(OptionSpec spec) {
        return spec
                .add("mlflow-url", "http://127.0.0.1:5310", "MLFLOW_TRACKING_URI", "the MLflow server of runs:/ models")
                .add("work-dir", ".selfreg", "SELFREG_WORK_DIR", "its S3 store holds the runs' artifacts (unless"
                        + " --s3-endpoint); fetched models are kept under models/")
                .add("s3-endpoint", null, "SELFREG_S3_ENDPOINT", "read artifacts from this S3 endpoint (credentials"
                        + " from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
                .add("s3-bucket", "selfreg", "SELFREG_S3_BUCKET", "bucket on --s3-endpoint")
                .add("s3-region", "us-east-1", "AWS_REGION", "region of --s3-endpoint");
    }

    /**
     * The model {@code spec} names.
     *
     * @throws InvalidInputException if the folder is no model, the run does not exist or has no model
     */
    static ModelPackage resolve(String spec, OptionSpec.Values v, Map<String, String> env) {
        if (spec.startsWith(MODELS)) {
            throw new InvalidInputException(spec + ": models:/ URIs need the model registry, which this build does"
                    + " not have; use runs:/RUN_ID or a folder written by ./selfreg export-model");
        }
        if (!spec.startsWith(RUNS)) {
            return ModelPackage.read(Path.of(spec));
        }
        String runId = spec.substring(RUNS.length()).replaceFirst("/" + ModelPackage.ARTIFACT_PATH + "/?$", "");
        if (runId.isEmpty() || runId.contains("/")) {
            throw new UsageException(spec + " is not runs:/RUN_ID");
        }
        return download(runId, StackArguments.workDir(v).resolve("models").resolve(runId), v, env);
    }

    /** Fetches the model of run {@code runId} into {@code target}. */
    static ModelPackage download(String runId, Path target, OptionSpec.Values v, Map<String, String> env) {
        URI mlflow = StackArguments.url("mlflow-url", v);
        Reachability.requireAnswering(mlflow, "MLflow", "start it with ./selfreg ui (it serves the runs of a work"
                + " directory), or give --mlflow-url");
        S3Settings external = StackArguments.externalS3(v, env);
        try (MlflowTracker tracker = new MlflowTracker(mlflow)) {
            if (external != null) {
                try (ObjectStore store = ObjectStore.open(external)) {
                    return new RunModelDownload(tracker, store, external.bucket()).download(runId, target);
                }
            }
            DirectoryBucket local = new DirectoryBucket(LocalStack.s3StoreDir(StackArguments.workDir(v)),
                    LocalStack.BUCKET);
            return new RunModelDownload(tracker, local, LocalStack.BUCKET).download(runId, target);
        }
    }
}
