package org.selfreg.eval.predict;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.InputPreprocessing;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.SafeNames;
import org.selfreg.model.Checkpoint;
import org.selfreg.model.CheckpointInfo;
import org.selfreg.model.TrainedModel;

/**
 * A trained model as one self-contained folder, an MLflow model of the {@code selfreg} flavor:
 * <pre>
 * MLmodel                 MLflow's model file (flavor selfreg, run id, uuid, creation time)
 * selfreg-model.json      the {@link ModelCard}: preprocessing, class names, dataset digest, code version, trial key
 * checkpoint/NAME.params  the weights (BN statistics included)
 * checkpoint/NAME.json    the checkpoint's sidecar: the network's configuration, backbone included
 * </pre>
 * Nothing from the training work dir or the dataset is needed to predict with it.
 *
 * @param dir    the package folder
 * @param card   its model card
 * @param source how the user named the model ({@code runs:/...}, a folder), for messages and prediction records
 */
public record ModelPackage(Path dir, ModelCard card, String source) {

    /** Layout of the package this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The model card's file name. */
    public static final String CARD = "selfreg-model.json";
    /** Where a trial run's artifacts hold its package. */
    public static final String ARTIFACT_PATH = "model";
    private static final String CHECKPOINT_DIR = "checkpoint";
    private static final String PARAMS = ".params";
    private static final String SIDECAR = ".json";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * Who made the model: the trial it belongs to and how its numbers were produced.
     *
     * @param trialKey    the trial's key, or empty
     * @param runId       the trial's MLflow run, or empty
     * @param codeVersion the code version of the run
     * @param metricMode  {@code corrected} or {@code paper}
     * @param selection   which checkpoint and why, e.g. {@code best: validation}
     */
    public record Origin(String trialKey, String runId, String codeVersion, String metricMode, String selection) {
    }

    /**
     * Writes the package of checkpoint {@code params} (its sidecar beside it) into the empty or missing folder
     * {@code dir}; the dataset's manifest gives the preprocessing and class names.
     */
    public static ModelPackage write(Path dir, Path params, DatasetManifest manifest, Origin origin) {
        CheckpointInfo info = Checkpoint.readInfo(params);
        String name = params.getFileName().toString();
        String stem = name.substring(0, name.length() - PARAMS.length());
        ModelCard card = new ModelCard(FORMAT_VERSION, CHECKPOINT_DIR + "/" + name, origin.selection(),
                origin.trialKey(), origin.runId(), origin.codeVersion(), manifest.digest(), origin.metricMode(),
                manifest.description(), InputPreprocessing.of(manifest), manifest.config());
        try {
            Path checkpoints = Files.createDirectories(dir.resolve(CHECKPOINT_DIR));
            Files.copy(params, checkpoints.resolve(name));
            Files.copy(params.resolveSibling(stem + SIDECAR), checkpoints.resolve(stem + SIDECAR));
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CARD).toFile(), card);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model package " + dir, e);
        }
        MlmodelFile.write(dir, card, ARTIFACT_PATH, origin.runId(), info.config().backbone());
        return new ModelPackage(dir, card, dir.toString());
    }

    /**
     * Reads the package in {@code dir}.
     *
     * @throws InvalidInputException if the folder is no package of this pipeline, of another format, or incomplete
     */
    public static ModelPackage read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("model " + dir + " does not exist; pass a folder written by ./selfreg"
                    + " export-model, runs:/RUN_ID or models:/NAME@ALIAS");
        }
        MlmodelFile.flavor(dir);
        ModelPackage model = new ModelPackage(dir, readCard(dir.resolve(CARD)), dir.toString());
        Checkpoint.readInfo(model.weights());
        return model;
    }

    /**
     * Reads a model card on its own, e.g. to learn which checkpoint files to fetch.
     *
     * @throws InvalidInputException if the file is missing, not a model card, or of another package format
     */
    public static ModelCard readCard(Path file) {
        ModelCard card;
        try {
            card = JSON.readValue(file.toFile(), ModelCard.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(file + " is missing or not a model card (" + e.getMessage() + "); export"
                    + " the model again", e);
        }
        if (card.formatVersion() != FORMAT_VERSION) {
            throw new InvalidInputException(file + " has package format " + card.formatVersion() + " but this build"
                    + " reads " + FORMAT_VERSION + "; export the model with this version");
        }
        return card;
    }

    /** The checkpoint's sidecar, relative to the package folder: the weights file's name with {@code .json}. */
    public String sidecar() {
        String weights = card.checkpoint();
        return weights.substring(0, weights.length() - PARAMS.length()) + SIDECAR;
    }

    /** The same package, named as the user named it. */
    public ModelPackage namedBy(String uri) {
        return new ModelPackage(dir, card, uri);
    }

    /** The weights file, inside the package. */
    public Path weights() {
        return SafeNames.under(dir, card.checkpoint(), "the checkpoint of model card " + dir.resolve(CARD));
    }

    /** Loads the network for inference; the caller closes it. */
    public TrainedModel load() {
        return TrainedModel.load(weights());
    }
}
