package org.selfreg.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.Sha256;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainPresets;

/**
 * One trial's hyperparameters as they travel in workflow inputs, and the stable key that identifies the trial.
 *
 * <p>The key hashes the full configuration, the dataset digest and the code version, so a trial submitted again with
 * the same everything maps to the same checkpoints and the same MLflow child run; Conductor task ids are never used for
 * this because a retry gets a new one. A trial may start from a named preset (e.g. {@code swin-synapse-readme}); the
 * preset is resolved into explicit values before the key is taken.
 */
public final class TrialSpec {

    /** The trial key that names a preset ({@link TrainPresets#names()}), whose values the trial's own keys override. */
    public static final String PRESET = "preset";
    /** The trial key of the pretrained weights: a local path or an {@code s3://} URI, identified by content. */
    public static final String PRETRAINED = "pretrained";
    /**
     * The trial key of the cross-validation fold whose cases validate (a dataset prepared with {@code folds}); not a
     * training hyperparameter, so it has no default and is absent from trials on a dataset without folds.
     */
    public static final String FOLD = "fold";
    /** What stands for the pretrained weights in the trial identity. */
    private static final String PRETRAINED_SHA256 = "pretrainedSha256";

    /**
     * The keys whose values the dataset gives ({@link TrainConfig#forDataset}): a trial that states one must state the
     * dataset's value, and the trial key leaves them out otherwise (the dataset digest covers them).
     */
    public static final Set<String> FROM_DATASET = Set.of("classes", "channels", "head");

    /** Every key a trial input may have: the hyperparameters of {@link #toMap}, {@link #PRESET} and {@link #FOLD}. */
    public static final Set<String> KEYS = keys();

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private TrialSpec() {
    }

    /**
     * The training configuration described by a trial input object: its preset (the Synapse UNet recipe by default)
     * with the trial's own values on top.
     */
    public static TrainConfig toTrainConfig(TaskInput trial) {
        trial.requireOnly(KEYS);
        if (trial.integer(FOLD, 0) < 0) {
            throw trial.invalid(FOLD, "must be a fold number from 0, got " + trial.values().get(FOLD));
        }
        try {
            return build(trial);
        } catch (IllegalArgumentException e) {
            throw trial.invalid("is not a valid training configuration: " + e.getMessage());
        }
    }

    private static TrainConfig build(TaskInput trial) {
        TrainConfig d = base(trial.values());
        return new TrainConfig(
                trial.number("lambdaIntra", d.lambdaIntra()),
                trial.number("lambdaInter", d.lambdaInter()),
                trial.integer("epochs", d.epochs()),
                trial.integer("batchSize", d.batchSize()),
                trial.number("baseLr", d.baseLr()),
                trial.number("momentum", d.momentum()),
                trial.number("weightDecay", d.weightDecay()),
                trial.integer("baseWidth", d.baseWidth()),
                trial.integer("classes", d.classes()),
                trial.integer("imageSize", d.imageSize()),
                trial.longValue("seed", d.seed()),
                trial.number("ceWeight", d.ceWeight()),
                trial.number("diceWeight", d.diceWeight()),
                trial.has("backbone") ? trial.string("backbone") : d.backbone(),
                trial.has("optimizer") ? trial.string("optimizer") : d.optimizer(),
                pretrained(trial, d),
                trial.has("schedule") ? trial.string("schedule") : d.schedule(),
                trial.integer("restartEpochs", d.restartEpochs()),
                trial.number("minLr", d.minLr()),
                trial.integer("patience", d.patience()),
                trial.integer("channels", d.channels()),
                trial.has("head") ? trial.string("head") : d.head());
    }

    /**
     * The trial's configuration on its dataset: classes, channels and head from the dataset's description.
     *
     * @throws InvalidInputException when the trial states one of them with another value than the dataset's
     */
    public static TrainConfig forDataset(TrainConfig config, TaskInput trial, DatasetDescription dataset) {
        TrainConfig onDataset = config.forDataset(dataset);
        Map<String, Object> given = toMap(config);
        Map<String, Object> needed = toMap(onDataset);
        for (String key : FROM_DATASET) {
            if (trial.has(key) && !given.get(key).equals(needed.get(key))) {
                throw trial.invalid(key, "is " + given.get(key) + " but dataset '" + dataset.name() + "' ("
                        + String.join(", ", dataset.classNames()) + "; " + dataset.channels() + " channel(s)) needs "
                        + needed.get(key) + "; remove '" + key + "' from the trial: it follows from the dataset");
            }
        }
        return onDataset;
    }

    /**
     * The dataset as the trial sees it: on a dataset prepared with cross-validation folds, the trial's fold validates
     * and the other folds train.
     *
     * @throws InvalidInputException when the dataset has folds and the trial names none, or names one it lacks
     */
    public static PreparedDataset datasetFor(TaskInput trial, PreparedDataset dataset) {
        if (trial.has(FOLD)) {
            return dataset.forFold(trial.integer(FOLD, 0));
        }
        int folds = dataset.folds();
        if (folds > 0) {
            throw trial.invalid(FOLD, "is missing: dataset " + dataset.digest() + " has " + folds + " cross-validation"
                    + " folds; give every trial a fold, e.g. grid.fold: [0, .., " + (folds - 1) + "]");
        }
        return dataset;
    }

    private static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(toMap(TrainConfig.defaults()).keySet());
        keys.add(PRESET);
        keys.add(FOLD);
        return Collections.unmodifiableSet(keys);
    }

    /** The trial's pretrained weights; the empty string, as {@link #toMap} writes "none", is not a missing value. */
    private static String pretrained(TaskInput trial, TrainConfig preset) {
        if (!trial.has(PRETRAINED)) {
            return preset.pretrained();
        }
        return TrainConfig.NO_PRETRAINED.equals(trial.values().get(PRETRAINED)) ? TrainConfig.NO_PRETRAINED
                : trial.string(PRETRAINED);
    }

    /**
     * What a trial's own values go on top of: its preset (the Synapse UNet recipe by default). A trial that names
     * another optimizer than the preset's but no schedule gets that optimizer's default schedule, so
     * {@code optimizer: adamw} on the SGD defaults keeps its constant rate rather than inheriting the poly rate.
     */
    private static TrainConfig base(Map<String, Object> trial) {
        Object preset = trial.get(PRESET);
        TrainConfig config = preset == null ? TrainConfig.defaults() : TrainPresets.config(String.valueOf(preset));
        Object optimizer = trial.get("optimizer");
        return optimizer == null || trial.containsKey("schedule") ? config
                : config.withOptimizer(String.valueOf(optimizer));
    }

    /** The configuration as a flat map: workflow input, MLflow params and the trial key all use it. */
    public static Map<String, Object> toMap(TrainConfig c) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("lambdaIntra", c.lambdaIntra());
        map.put("lambdaInter", c.lambdaInter());
        map.put("epochs", c.epochs());
        map.put("batchSize", c.batchSize());
        map.put("baseLr", c.baseLr());
        map.put("momentum", c.momentum());
        map.put("weightDecay", c.weightDecay());
        map.put("baseWidth", c.baseWidth());
        map.put("classes", c.classes());
        map.put("imageSize", c.imageSize());
        map.put("seed", c.seed());
        map.put("ceWeight", c.ceWeight());
        map.put("diceWeight", c.diceWeight());
        map.put("backbone", c.backbone());
        map.put("optimizer", c.optimizer());
        map.put(PRETRAINED, c.pretrained());
        map.put("schedule", c.schedule());
        map.put("restartEpochs", c.restartEpochs());
        map.put("minLr", c.minLr());
        map.put("patience", c.patience());
        map.put("channels", c.channels());
        map.put("head", c.head());
        return map;
    }

    /**
     * A trial input with its preset resolved and the defaults filled in, not yet validated (the training task
     * validates it): every value is explicit, so the trial key sees what the trial will run.
     *
     * @throws IllegalArgumentException naming the known presets when the trial names another, or the known optimizers
     */
    public static Map<String, Object> withDefaults(Map<String, Object> trial) {
        Map<String, Object> resolved = toMap(base(trial));
        resolved.keySet().removeAll(FROM_DATASET);
        trial.forEach((k, v) -> {
            if (!k.equals(PRESET)) {
                resolved.put(k, v);
            }
        });
        return resolved;
    }

    /**
     * The trial key of a trial whose pretrained weights, if any, are a local file; see
     * {@link #key(Map, String, String, Function)}.
     */
    public static String key(Map<String, Object> trial, String datasetDigest, String codeVersion) {
        return key(trial, datasetDigest, codeVersion, TrialSpec::localFile);
    }

    /**
     * The trial key: 16 hex digits of sha256(configuration with defaults, dataset digest, code version). Pretrained
     * weights enter by the sha256 of their content, not by their location, so moving the file keeps the key and
     * replacing it changes the key.
     *
     * @param pretrainedFiles gives a local copy of the trial's {@link #PRETRAINED} reference (a path or URI)
     */
    public static String key(Map<String, Object> trial, String datasetDigest, String codeVersion,
                             Function<String, Path> pretrainedFiles) {
        Map<String, Object> identity = new TreeMap<>(withDefaults(trial));
        String pretrained = String.valueOf(identity.remove(PRETRAINED)).strip();
        if (!pretrained.isEmpty()) {
            identity.put(PRETRAINED_SHA256, Sha256.of(requirePretrained(pretrainedFiles.apply(pretrained), pretrained)));
        }
        identity.put("datasetDigest", datasetDigest);
        identity.put("codeVersion", codeVersion);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(identity).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a trial configuration", e);
        }
    }

    private static Path localFile(String reference) {
        if (TrainConfig.isObjectStoreUri(reference)) {
            throw new IllegalArgumentException("pretrained weights " + reference + " are in the object store: the"
                    + " trial key needs them fetched (pass a fetching function to TrialSpec.key)");
        }
        return Path.of(reference);
    }

    /**
     * {@code file}, the local copy of {@code reference}, once it is known to exist.
     *
     * @throws InvalidInputException if it does not
     */
    static Path requirePretrained(Path file, String reference) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("pretrained weights " + reference + " do not exist; give the .npz written"
                    + " by model-kd/src/main/python/convert_swin_pretrained.py (Swin) or convert_torch_checkpoint.py"
                    + " (UNet)");
        }
        return file;
    }
}
