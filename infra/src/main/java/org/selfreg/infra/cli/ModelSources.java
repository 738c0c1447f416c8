package org.selfreg.infra.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.stack.Reachability;
import org.selfreg.storage.DirectoryBucket;
import org.selfreg.storage.ObjectStore;
import org.selfreg.storage.S3Settings;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RemoteModels;
import org.selfreg.tracking.RunModelDownload;

/**
 * Where {@code --model} and {@code --run} find a model: a local package folder (offline), {@code runs:/RUN_ID}, the
 * package the evaluation worker stored in a trial run's artifacts, or {@code models:/NAME/VERSION} and
 * {@code models:/NAME@ALIAS}, a registered version of such a package. Those are fetched through MLflow (for the
 * registry and the run's artifact location) and S3 (an external endpoint, or the work directory's store read from
 * disk) into {@code <work-dir>/models/<run id>}.
 */
final class ModelSources {

    private ModelSources() {
    }

    /** Adds the options that reach a run's model to a command's option spec. */
    static OptionSpec addTo(OptionSpec spec) {
        return spec
                .add("mlflow-url", "http://127.0.0.1:5310", "MLFLOW_TRACKING_URI", "the MLflow server of runs:/ and"
                        + " models:/ models")
                .add("work-dir", ".selfreg", "SELFREG_WORK_DIR", "its S3 store holds the runs' artifacts (unless"
                        + " --s3-endpoint); fetched models are kept under models/")
                .add("s3-endpoint", null, "SELFREG_S3_ENDPOINT", "read artifacts from this S3 endpoint (credentials"
                        + " from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
                .add("s3-bucket", "selfreg", "SELFREG_S3_BUCKET", "bucket on --s3-endpoint")
                .add("s3-region", "us-east-1", "AWS_REGION", "region of --s3-endpoint");
    }

    /**
     * The model {@code spec} names: a folder as it is, a run's or a registered version's model fetched into
     * {@code <work-dir>/models/<run id>}.
     *
     * @throws InvalidInputException if the folder is no model, or the run, version or alias does not exist or has no
     *                               model
     */
    static ModelPackage resolve(String spec, OptionSpec.Values v, Map<String, String> env) {
        if (!RemoteModels.isRemote(spec)) {
            return ModelPackage.read(Path.of(spec));
        }
        return download(spec, null, v, env);
    }

    /**
     * Fetches the model of {@code runs:/RUN_ID}, {@code models:/NAME/VERSION} or {@code models:/NAME@ALIAS} into
     * {@code target}, or into {@code <work-dir>/models/<run id>} when it is null.
     */
    static ModelPackage download(String spec, Path target, OptionSpec.Values v, Map<String, String> env) {
        // Checked before any server is asked: a malformed URI is the user's to fix, whatever runs.
        RemoteModels.requireWellFormed(spec);
        URI mlflow = StackArguments.url("mlflow-url", v);
        Reachability.requireAnswering(mlflow, "MLflow", "start it with ./selfreg ui (it serves the runs of a work"
                + " directory), or give --mlflow-url");
        S3Settings external = StackArguments.externalS3(v, env);
        try (MlflowTracker tracker = new MlflowTracker(mlflow)) {
            return withDownload(tracker, external, v, d -> {
                RemoteModels models = new RemoteModels(tracker, d);
                RemoteModels.Located model = models.locate(spec);
                return models.download(model, target != null ? target
                        : StackArguments.workDir(v).resolve("models").resolve(model.runId()));
            });
        }
    }

    /** Runs {@code action} with a download from the external S3 store, or else the work directory's, read from disk. */
    private static ModelPackage withDownload(MlflowTracker tracker, S3Settings external, OptionSpec.Values v,
                                             Function<RunModelDownload, ModelPackage> action) {
        if (external != null) {
            try (ObjectStore store = ObjectStore.open(external)) {
                return action.apply(new RunModelDownload(tracker, store, external.bucket()));
            }
        }
        DirectoryBucket local = new DirectoryBucket(LocalStack.s3StoreDir(StackArguments.workDir(v)),
                LocalStack.BUCKET);
        return action.apply(new RunModelDownload(tracker, local, LocalStack.BUCKET));
    }
}
