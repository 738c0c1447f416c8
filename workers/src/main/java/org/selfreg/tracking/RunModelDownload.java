package org.selfreg.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mlflow.tracking.MlflowHttpException;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.SafeNames;
import org.selfreg.eval.StagingFolder;
import org.selfreg.eval.predict.ModelCard;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.storage.ObjectReader;

/**
 * Copies the model package of a trial run (its {@code model/} artifact, which the evaluation worker writes), or of a
 * registered model version (its source, such an artifact), from the artifact store into a local folder. The files are
 * named by the package itself ({@code MLmodel}, the model card, the checkpoint it names), so no listing of the store
 * is needed.
 */
public final class RunModelDownload {

    private static final String MLMODEL = "MLmodel";

    private final MlflowTracker tracker;
    private final ObjectReader bucket;
    private final String bucketName;

    /**
     * @param bucket     the bucket that holds the runs' artifacts
     * @param bucketName its name, which the runs' {@code s3://} artifact URIs must carry
     */
    public RunModelDownload(MlflowTracker tracker, ObjectReader bucket, String bucketName) {
        this.tracker = tracker;
        this.bucket = bucket;
        this.bucketName = bucketName;
    }

    /**
     * Downloads the package of run {@code runId} into {@code target} (replaced when it exists; left as it was when
     * the download fails) and reads it.
     *
     * @throws InvalidInputException if the run does not exist or has no model (it was not evaluated)
     */
    public ModelPackage download(String runId, Path target) {
        String prefix = keyOf(artifactUri(runId), "run " + runId) + "/" + ModelPackage.ARTIFACT_PATH + "/";
        return download(prefix, "runs:/" + runId, "run " + runId + " has no model artifact (" + prefix + MLMODEL
                + "); only trials evaluated by this version have one: evaluate the trial again", target);
    }

    /**
     * Downloads the package of a registered model version, from its source, into {@code target} as
     * {@link #download(String, Path)} does.
     *
     * @throws InvalidInputException if its source holds no model or lies outside this bucket
     */
    public ModelPackage download(ModelRegistry.Version version, Path target) {
        String prefix = keyOf(version.source(), version.uri()) + "/";
        return download(prefix, version.uri(), version.uri() + " (run " + version.runId() + ") has no model at its"
                + " source " + version.source() + ": register a trial that was evaluated by this version", target);
    }

    private ModelPackage download(String prefix, String name, String missing, Path target) {
        if (!bucket.exists(prefix + MLMODEL)) {
            throw new InvalidInputException(missing);
        }
        Path absolute = target.toAbsolutePath();
        Path staging = StagingFolder.beside(absolute);
        try {
            fetch(prefix, MLMODEL, staging);
            fetch(prefix, ModelPackage.CARD, staging);
            ModelCard card = ModelPackage.readCard(staging.resolve(ModelPackage.CARD));
            ModelPackage incomplete = new ModelPackage(staging, card, name);
            fetch(prefix, card.checkpoint(), staging);
            fetch(prefix, incomplete.sidecar(), staging);
            ModelPackage.read(staging);
            FileTrees.deleteRecursively(absolute);
            Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
            return ModelPackage.read(absolute).namedBy(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the model of " + name + " into " + absolute, e);
        } finally {
            FileTrees.deleteRecursively(staging);
        }
    }

    private void fetch(String prefix, String relative, Path dir) {
        bucket.getFile(prefix + relative, SafeNames.under(dir, relative, "file '" + relative + "' of a model package"));
    }

    private URI artifactUri(String runId) {
        try {
            return URI.create(tracker.run(runId).getInfo().getArtifactUri());
        } catch (MlflowHttpException e) {
            if (e.getStatusCode() == 404) {
                throw new InvalidInputException("MLflow at " + tracker.trackingUri() + " has no run '" + runId
                        + "'; check the run id (the MLflow UI shows it on the trial's page)", e);
            }
            throw e;
        }
    }

    /** The key in this bucket of {@code location}, an {@code s3://} URI of {@code owner}'s files. */
    private String keyOf(URI location, String owner) {
        if (!"s3".equals(location.getScheme()) || !bucketName.equals(location.getHost())) {
            throw new InvalidInputException(owner + " keeps its artifacts at " + location + ", not in bucket '"
                    + bucketName + "'; give the S3 endpoint and bucket that hold them (--s3-endpoint, --s3-bucket)");
        }
        String path = location.getPath().replaceAll("/+$", "");
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
