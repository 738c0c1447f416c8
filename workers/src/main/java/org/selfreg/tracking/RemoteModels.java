package org.selfreg.tracking;

import java.nio.file.Path;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.eval.predict.ModelPackage;

/**
 * The models that live on the servers, named by URI: {@code runs:/RUN_ID} (the package the evaluation worker stored in
 * a trial run's artifacts), {@code models:/NAME/VERSION} and {@code models:/NAME@ALIAS} (a registered version of such a
 * package). {@link #locate} pins a URI to what it names now (an alias to its version), {@link #download} fetches it.
 */
public final class RemoteModels {

    /** The prefix of a run's model URI. */
    public static final String RUNS = "runs:/";

    private final RegisteredModels registry;
    private final RunModelDownload download;

    /** @param download reads the bucket of {@code tracker}'s run artifacts */
    public RemoteModels(MlflowTracker tracker, RunModelDownload download) {
        this.registry = new RegisteredModels(tracker.registry(), tracker.trackingUri());
        this.download = download;
    }

    /**
     * A model on the servers, pinned.
     *
     * @param uri     {@code runs:/RUN_ID}, or {@code models:/NAME/VERSION} (never an alias)
     * @param runId   the run whose artifacts hold it
     * @param version the registered version, or null for {@code runs:/}
     */
    public record Located(String uri, String runId, ModelRegistry.Version version) {
    }

    /** Whether {@code spec} names a model on the servers rather than a local folder. */
    public static boolean isRemote(String spec) {
        return spec.startsWith(RUNS) || RegisteredModelUri.isOne(spec);
    }

    /**
     * Checks the form of {@code spec} before any server is asked: a malformed URI is the user's to fix.
     *
     * @throws InvalidInputException if it is neither {@code runs:/RUN_ID} nor a registered model URI
     */
    public static void requireWellFormed(String spec) {
        if (RegisteredModelUri.isOne(spec)) {
            RegisteredModelUri.parse(spec);
        } else {
            runId(spec);
        }
    }

    /**
     * What {@code spec} names now: a run as it is, a version by number or by alias through the registry.
     *
     * @throws InvalidInputException if the URI is malformed, or the registered model, version or alias does not exist
     */
    public Located locate(String spec) {
        if (RegisteredModelUri.isOne(spec)) {
            ModelRegistry.Version version = registry.resolve(RegisteredModelUri.parse(spec));
            return new Located(version.uri(), version.runId(), version);
        }
        String runId = runId(spec);
        return new Located(RUNS + runId, runId, null);
    }

    /**
     * Downloads {@code model} into {@code target} (replaced when it exists).
     *
     * @throws InvalidInputException if the run does not exist or holds no model
     */
    public ModelPackage download(Located model, Path target) {
        return model.version() != null ? download.download(model.version(), target)
                : download.download(model.runId(), target);
    }

    private static String runId(String spec) {
        String runId = spec.startsWith(RUNS) ? spec.substring(RUNS.length())
                .replaceFirst("/" + ModelPackage.ARTIFACT_PATH + "/?$", "") : "";
        if (runId.isEmpty() || runId.contains("/")) {
            throw new InvalidInputException("'" + spec + "' is not a model URI: write runs:/RUN_ID,"
                    + " models:/NAME/VERSION or models:/NAME@ALIAS");
        }
        return runId;
    }
}
