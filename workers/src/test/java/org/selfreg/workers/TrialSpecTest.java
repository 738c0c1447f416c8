package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainPresets;
import org.selfreg.model.swin.SwinPresets;

/** Presets and pretrained weights in trial inputs and trial keys. */
class TrialSpecTest {

    private static final Map<String, Object> SWIN_QUICK = Map.of("preset", SwinPresets.SYNAPSE_README,
            "epochs", 2, "batchSize", 4);

    @Test
    void aPresetResolvesToExplicitValuesThatTheTrialsOwnKeysOverride() {
        Map<String, Object> resolved = TrialSpec.withDefaults(SWIN_QUICK);
        assertFalse(resolved.containsKey(TrialSpec.PRESET), "the preset is replaced by its values");
        assertEquals("swin", resolved.get("backbone"));
        assertEquals(0.05, resolved.get("baseLr"));
        assertEquals(0.01, resolved.get("lambdaIntra"));
        assertEquals(2, resolved.get("epochs"));
        assertEquals(4, resolved.get("batchSize"));

        TrainConfig readme = SwinPresets.synapseReadme();
        TrainConfig expected = new TrainConfig(readme.lambdaIntra(), readme.lambdaInter(), 2, 4, readme.baseLr(),
                readme.momentum(), readme.weightDecay(), readme.baseWidth(), readme.classes(), readme.imageSize(),
                readme.seed(), readme.ceWeight(), readme.diceWeight(), readme.backbone(), readme.optimizer());
        assertEquals(expected, TrialSpec.toTrainConfig(TaskInput.of("test", SWIN_QUICK)));
        assertEquals(expected, TrialSpec.toTrainConfig(TaskInput.of("test", resolved)));
    }

    @Test
    void theKeyOfAPresetTrialIsTheKeyOfItsResolvedValues() {
        String viaPreset = TrialSpec.key(SWIN_QUICK, "digest", "code");
        assertEquals(viaPreset, TrialSpec.key(TrialSpec.withDefaults(SWIN_QUICK), "digest", "code"));
        assertNotEquals(viaPreset, TrialSpec.key(Map.of("epochs", 2, "batchSize", 4), "digest", "code"));
    }

    @Test
    void anUnknownPresetNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrialSpec.withDefaults(Map.of("preset", "swin-readme")));
        assertTrue(e.getMessage().contains("swin-readme") && e.getMessage().contains(SwinPresets.SYNAPSE_README),
                e.getMessage());
        InvalidInputException input = assertThrows(InvalidInputException.class,
                () -> TrialSpec.toTrainConfig(TaskInput.of("test", Map.of("preset", "swin-readme"))));
        assertTrue(input.getMessage().contains("input of test") && input.getMessage().contains("swin-readme"),
                input.getMessage());
    }

    @Test
    void pretrainedWeightsEnterTheKeyByContentNotByLocation(@TempDir Path dir) throws Exception {
        Path first = Files.writeString(dir.resolve("a.npz"), "weights v1");
        Path moved = Files.writeString(dir.resolve("b.npz"), "weights v1");
        String key = TrialSpec.key(withPretrained(first.toString()), "digest", "code");
        assertEquals(key, TrialSpec.key(withPretrained(moved.toString()), "digest", "code"));
        Files.writeString(first, "weights v2");
        assertNotEquals(key, TrialSpec.key(withPretrained(first.toString()), "digest", "code"));
        assertNotEquals(key, TrialSpec.key(Map.of("backbone", "swin", "baseWidth", 96), "digest", "code"));
        assertEquals(TrialSpec.key(Map.of("backbone", "swin", "baseWidth", 96), "digest", "code"),
                TrialSpec.key(withPretrained(""), "digest", "code"), "no pretrained weights, no hash");
    }

    @Test
    void anObjectStoreReferenceIsHashedThroughTheGivenFetch(@TempDir Path dir) throws Exception {
        Path local = Files.writeString(dir.resolve("copy.npz"), "weights v1");
        Map<String, Object> remote = withPretrained("s3://bucket/pretrained/swin.npz");
        assertThrows(IllegalArgumentException.class, () -> TrialSpec.key(remote, "digest", "code"));
        Map<String, String> fetched = new HashMap<>();
        String key = TrialSpec.key(remote, "digest", "code", reference -> {
            fetched.put(reference, local.toString());
            return local;
        });
        assertEquals(Map.of("s3://bucket/pretrained/swin.npz", local.toString()), fetched);
        assertEquals(TrialSpec.key(withPretrained(local.toString()), "digest", "code"), key);
    }

    @Test
    void missingPretrainedWeightsAreReportedWithTheConverters(@TempDir Path dir) {
        String absent = dir.resolve("absent.npz").toString();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TrialSpec.key(withPretrained(absent), "digest", "code"));
        assertTrue(e.getMessage().contains(absent) && e.getMessage().contains("convert_swin_pretrained.py"),
                e.getMessage());
    }

    @Test
    void pretrainedTravelsInTheTrialMap() {
        TrainConfig config = SwinPresets.synapseReadme().withPretrained("s3://bucket/swin.npz");
        Map<String, Object> map = TrialSpec.toMap(config);
        assertEquals("s3://bucket/swin.npz", map.get(TrialSpec.PRETRAINED));
        assertEquals(config, TrialSpec.toTrainConfig(TaskInput.of("test", map)));
    }

    @Test
    void theUCTransNetPresetAndItsPatienceTravelInTheTrialMap() {
        TrainConfig config = TrialSpec.toTrainConfig(TaskInput.of("test", Map.of("preset", "uctransnet-synapse",
                "epochs", 3)));
        assertEquals(List.of("uctransnet", 50, 3), List.of(config.backbone(), config.patience(), config.epochs()));
        assertEquals(config, TrialSpec.toTrainConfig(TaskInput.of("test", TrialSpec.toMap(config))));
        assertEquals(0, TrialSpec.toTrainConfig(TaskInput.of("test", Map.of("preset", "uctransnet-synapse",
                "patience", 0))).patience());
    }

    @Test
    void theScheduleTravelsInTheTrialMap() {
        Map<String, Object> recipe = Map.of("optimizer", "adam", "baseLr", 1e-3, "weightDecay", 0, "batchSize", 4,
                "schedule", "cosine-restarts", "restartEpochs", 10, "minLr", 1e-4);
        TrainConfig config = TrialSpec.toTrainConfig(TaskInput.of("test", recipe));
        assertEquals(List.of(TrainConfig.ADAM, TrainConfig.COSINE_RESTARTS, 10, 1e-4),
                List.of(config.optimizer(), config.schedule(), config.restartEpochs(), config.minLr()));
        assertEquals(config, TrialSpec.toTrainConfig(TaskInput.of("test", TrialSpec.toMap(config))));
        assertEquals(config, TrialSpec.toTrainConfig(TaskInput.of("test", TrialSpec.withDefaults(recipe))));
        assertTrue(TrialSpec.KEYS.containsAll(List.of("schedule", "restartEpochs", "minLr")));
    }

    /** Before schedules were selectable, {@code optimizer: adamw} on the SGD defaults meant a constant rate. */
    @Test
    void aTrialThatOnlyChangesTheOptimizerGetsThatOptimizersSchedule() {
        Map<String, Object> adamw = Map.of("optimizer", "adamw");
        assertEquals(TrainConfig.CONSTANT, TrialSpec.withDefaults(adamw).get("schedule"));
        assertEquals(TrainConfig.CONSTANT, TrialSpec.toTrainConfig(TaskInput.of("test", adamw)).schedule());
        assertEquals(TrainConfig.POLY, TrialSpec.toTrainConfig(TaskInput.of("test",
                Map.of("optimizer", "adamw", "schedule", "poly"))).schedule());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrialSpec.toTrainConfig(
                TaskInput.of("test", Map.of("restartEpochs", 10))));
        assertTrue(e.getMessage().contains("TrainConfig.restartEpochs") && e.getMessage().contains("'poly'"),
                e.getMessage());
    }

    private static Map<String, Object> withPretrained(String reference) {
        return Map.of("backbone", "swin", "baseWidth", 96, TrialSpec.PRETRAINED, reference);
    }

    /** Classes, channels and head come from the dataset; a trial that states them must agree with it. */
    @Test
    void theDatasetGivesClassesChannelsAndHead() {
        DatasetDescription glas = new DatasetDescription("glas", List.of("background", "gland"), 3, 2,
                DatasetDescription.LabelRule.INSTANCE_MAP, DatasetDescription.Protocol.UCTRANSNET);
        Map<String, Object> trial = Map.of("preset", TrainPresets.UNET_GLAS, "epochs", 2);
        assertFalse(TrialSpec.withDefaults(trial).containsKey("classes"), "the dataset digest covers the classes");

        TaskInput input = TaskInput.of("test", trial);
        TrainConfig onGlas = TrialSpec.forDataset(TrialSpec.toTrainConfig(input), input, glas);
        assertEquals(List.of(2, 3, TrainConfig.SIGMOID), List.of(onGlas.classes(), onGlas.channels(), onGlas.head()));
        TrainConfig onSynapse = TrialSpec.forDataset(TrialSpec.toTrainConfig(input), input,
                DatasetDescription.synapse());
        assertEquals(List.of(9, 1, TrainConfig.SOFTMAX),
                List.of(onSynapse.classes(), onSynapse.channels(), onSynapse.head()));

        TaskInput twoClasses = TaskInput.of("test", Map.of("classes", 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrialSpec.forDataset(
                TrialSpec.toTrainConfig(twoClasses), twoClasses, DatasetDescription.synapse()));
        assertTrue(e.getMessage().contains("'classes'") && e.getMessage().contains("is 2 but dataset 'synapse'")
                && e.getMessage().contains("needs 9"), e.getMessage());
    }
}
