package org.selfreg.model;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint is one unit: every way a save, an upload or a download can be cut short leaves a checkpoint that
 * {@link Checkpoint#whole} refuses, and the generation before it is used instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckpointTest {

    private static final TrainConfig CONFIG = new TrainConfig(0.1, 0.1, 3, 2, 0.01, 0.9, 1e-4, 4, 3, 32, 5, 0.4, 0.6);
    private static final List<String> SUFFIXES = List.of(".params", ".optimizer.npz", ".json");

    private TrainingSession session;

    @BeforeAll
    void openSession() {
        session = new TrainingSession(CONFIG, 10, Device.cpu(), new Random(1));
    }

    @AfterAll
    void closeSession() {
        session.close();
    }

    @Test
    void aSaveKeepsTheGenerationItReplacesAsPrevious(@TempDir Path dir) {
        saveEpochs(dir, 2);
        assertEquals(Optional.of(Checkpoint.paramsFile(dir, Checkpoint.LAST)), Checkpoint.whole(dir, Checkpoint.LAST));
        assertEquals(2, epochOf(Checkpoint.whole(dir, Checkpoint.LAST)));
        Path previous = dir.resolve(Checkpoint.PREVIOUS);
        assertEquals(Optional.empty(), CheckpointManifest.problem(previous, Checkpoint.LAST));
        assertEquals(1, Checkpoint.readInfo(Checkpoint.paramsFile(previous, Checkpoint.LAST)).epochsCompleted());
    }

    @Test
    void aChangeToAnyFileTearsTheCheckpointAndThePreviousOneIsUsed(@TempDir Path dir) throws IOException {
        for (String suffix : SUFFIXES) {
            Path flipped = dir.resolve(suffix.substring(1));
            saveEpochs(flipped, 2);
            Path file = flipped.resolve(Checkpoint.LAST + suffix);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 1] ^= 1;
            Files.write(file, bytes);
            assertUsesThePrevious(flipped, suffix);
        }
    }

    @Test
    void weightsAndSidecarOfTwoEpochsAreTorn(@TempDir Path dir) throws IOException {
        for (String suffix : List.of(".params", ".json")) {
            Path mixed = dir.resolve(suffix.substring(1));
            saveEpochs(mixed, 2);
            // What a stop between two moves of a save, or two objects of an upload, leaves: one file of epoch 1.
            Files.copy(mixed.resolve(Checkpoint.PREVIOUS).resolve(Checkpoint.LAST + suffix),
                    mixed.resolve(Checkpoint.LAST + suffix), StandardCopyOption.REPLACE_EXISTING);
            assertUsesThePrevious(mixed, suffix);
        }
    }

    @Test
    void aFileCutShortOrMissingTearsTheCheckpoint(@TempDir Path dir) throws IOException {
        Path truncated = dir.resolve("truncated");
        saveEpochs(truncated, 2);
        Path params = Checkpoint.paramsFile(truncated, Checkpoint.LAST);
        Files.write(params, java.util.Arrays.copyOf(Files.readAllBytes(params), 100));
        assertUsesThePrevious(truncated, "truncated");
        Path missing = dir.resolve("missing");
        saveEpochs(missing, 2);
        Files.delete(missing.resolve(Checkpoint.LAST + ".optimizer.npz"));
        assertUsesThePrevious(missing, "missing");
    }

    @Test
    void aMissingManifestTearsTheCheckpoint(@TempDir Path dir) throws IOException {
        saveEpochs(dir, 2);
        // What a stop after the new files but before their manifest leaves.
        Files.delete(CheckpointManifest.file(dir, Checkpoint.LAST));
        assertUsesThePrevious(dir, "no manifest");
    }

    @Test
    void aSidecarOfAnotherEpochThanTheManifestTearsTheCheckpoint(@TempDir Path dir) throws IOException {
        saveEpochs(dir, 2);
        CheckpointManifest manifest = CheckpointManifest.read(dir, Checkpoint.LAST).orElseThrow();
        // Hashes that match the files, but an epoch that is not the sidecar's: the weights and the counter disagree.
        new CheckpointManifest(manifest.formatVersion(), 3, manifest.files()).write(dir, Checkpoint.LAST);
        Optional<String> problem = CheckpointManifest.problem(dir, Checkpoint.LAST);
        assertTrue(problem.orElseThrow().contains("epoch 2") && problem.get().contains("epoch 3"), problem.get());
        assertUsesThePrevious(dir, "epoch mismatch");
    }

    @Test
    void aManifestNamingAFileOutsideItsFolderTearsTheCheckpoint(@TempDir Path dir) throws IOException {
        saveEpochs(dir, 2);
        Path sidecar = dir.resolve(Checkpoint.LAST + ".json");
        new CheckpointManifest(CheckpointInfo.FORMAT_VERSION, 2, List.of(new CheckpointManifest.Entry(
                "../" + dir.getFileName() + "/" + sidecar.getFileName(), Sha256.of(sidecar), Files.size(sidecar))))
                .write(dir, Checkpoint.LAST);
        assertTrue(CheckpointManifest.problem(dir, Checkpoint.LAST).orElseThrow().contains("not a plain name"));
        assertUsesThePrevious(dir, "climbing manifest");
    }

    @Test
    void aSaveOverATornCheckpointKeepsTheWholePreviousOne(@TempDir Path dir) throws IOException {
        saveEpochs(dir, 2);
        Files.delete(CheckpointManifest.file(dir, Checkpoint.LAST));
        save(dir, 2);
        assertEquals(2, epochOf(Checkpoint.whole(dir, Checkpoint.LAST)));
        assertEquals(1, Checkpoint.readInfo(
                Checkpoint.paramsFile(dir.resolve(Checkpoint.PREVIOUS), Checkpoint.LAST)).epochsCompleted(),
                "the torn epoch 2 never became the previous generation");
    }

    @Test
    void withNeitherGenerationWholeThereIsNoCheckpoint(@TempDir Path dir) throws IOException {
        assertEquals(Optional.empty(), Checkpoint.whole(dir, Checkpoint.LAST), "nothing saved yet");
        save(dir, 1);
        Files.delete(CheckpointManifest.file(dir, Checkpoint.LAST));
        assertEquals(Optional.empty(), Checkpoint.whole(dir, Checkpoint.LAST));
    }

    /**
     * A sidecar written before schedules were selectable has no schedule fields nor a patience: it reads as its
     * optimizer's former schedule without early stopping, equal to the same run configured today, so training
     * resumes from it.
     */
    @Test
    void aSidecarWithoutScheduleFieldsReadsAsTheOptimizersFormerSchedule(@TempDir Path dir) throws IOException {
        for (TrainConfig config : List.of(CONFIG, CONFIG.withOptimizer(TrainConfig.ADAMW))) {
            Path written = dir.resolve(config.optimizer());
            save(written, 1, config);
            Path sidecar = written.resolve(Checkpoint.LAST + ".json");
            ObjectMapper json = new ObjectMapper();
            ObjectNode info = (ObjectNode) json.readTree(sidecar.toFile());
            ObjectNode fields = (ObjectNode) info.get("config");
            assertEquals(config.schedule(), fields.remove("schedule").asText());
            fields.remove(List.of("restartEpochs", "minLr", "patience"));
            json.writeValue(sidecar.toFile(), info);
            assertEquals(config, Checkpoint.readInfo(Checkpoint.paramsFile(written, Checkpoint.LAST)).config());
        }
    }

    private void assertUsesThePrevious(Path dir, String what) {
        assertFalse(CheckpointManifest.problem(dir, Checkpoint.LAST).isEmpty(), what);
        Optional<Path> whole = Checkpoint.whole(dir, Checkpoint.LAST);
        assertEquals(Optional.of(Checkpoint.paramsFile(dir.resolve(Checkpoint.PREVIOUS), Checkpoint.LAST)), whole,
                what);
        assertEquals(1, epochOf(whole), what);
    }

    private void saveEpochs(Path dir, int epochs) {
        for (int epoch = 1; epoch <= epochs; epoch++) {
            save(dir, epoch);
        }
    }

    private void save(Path dir, int epoch) {
        save(dir, epoch, CONFIG);
    }

    /** A checkpoint of {@code epoch} whose weights differ from every other epoch's, as training's do. */
    private void save(Path dir, int epoch, TrainConfig config) {
        session.network().getParameters().values().getFirst().getArray().addi(1);
        CheckpointInfo info = new CheckpointInfo(CheckpointInfo.FORMAT_VERSION, config, epoch,
                RuntimeInfo.of(Device.cpu()), epoch * 10, new RunRandom(epoch).state(), List.of(),
                CheckpointInfo.Selection.LAST_EPOCH);
        Checkpoint.save(dir, Checkpoint.LAST, session.network(), session.optimizer(), info);
    }

    private static int epochOf(Optional<Path> params) {
        return Checkpoint.readInfo(params.orElseThrow()).epochsCompleted();
    }
}
