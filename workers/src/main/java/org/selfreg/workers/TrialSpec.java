package org.selfreg.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.selfreg.model.TrainConfig;

/**
 * One trial's hyperparameters as they travel in workflow inputs, and the stable key that identifies the trial.
 *
 * <p>The key hashes the full configuration, the dataset digest and the code version, so a trial submitted again with
 * the same everything maps to the same checkpoints and the same MLflow child run; Conductor task ids are never used for
 * this because a retry gets a new one.
 */
public final class TrialSpec {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private TrialSpec() {
    }

    /** The training configuration described by a trial input object; defaults fill what it omits. */
    public static TrainConfig toTrainConfig(TaskInput trial) {
        TrainConfig d = TrainConfig.defaults();
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
                trial.has("optimizer") ? trial.string("optimizer") : d.optimizer());
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
        return map;
    }

    /** A trial input with the defaults filled in, not yet validated (the training task validates it). */
    public static Map<String, Object> withDefaults(Map<String, Object> trial) {
        Map<String, Object> resolved = toMap(TrainConfig.defaults());
        resolved.putAll(trial);
        return resolved;
    }

    /** The trial key: 16 hex digits of sha256(configuration with defaults, dataset digest, code version). */
    public static String key(Map<String, Object> trial, String datasetDigest, String codeVersion) {
        Map<String, Object> identity = new TreeMap<>(withDefaults(trial));
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
}
