package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.model.Checkpoint;
import org.selfreg.model.EpochMetrics;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.nd.LibtorchWork;
import org.selfreg.storage.InProcessBucket;
import org.selfreg.storage.ObjectStore;

/**
 * Checkpoints through a real (in-process) S3: what a worker killed in the middle of an upload leaves there is torn, and
 * a restore on another machine brings back the previous whole checkpoint instead.
 */
class CheckpointSyncTest {

    @RegisterExtension
    static final InProcessBucket S3 = new InProcessBucket("bucket");
    @TempDir
    static Path shared;
    static PreparedDataset dataset;

    @TempDir
    Path tmp;

    @BeforeAll
    static void prepare() {
        dataset = TinyDataset.prepare(shared, 2, 0);
    }

    @Test
    void aRestoreBringsBackTheCurrentWholeCheckpoint() {
        String prefix = trainTwoEpochsUploadingEach("whole/");
        Path restored = tmp.resolve("restored");
        assertTrue(new CheckpointSync(S3.store(), prefix).restore(restored));
        assertEquals(2, epochOf(Checkpoint.whole(restored, Checkpoint.LAST)));
        assertFalse(Files.exists(restored.resolve(Checkpoint.PREVIOUS)), "the previous one is not downloaded");
        assertEquals(1, epochOfObject(prefix + Checkpoint.PREVIOUS + "/" + Checkpoint.LAST + ".json"),
                "S3 keeps the generation an upload replaced");
    }

    @Test
    void anUploadCutShortLeavesATornCheckpointAndTheRestoreUsesThePreviousOne() {
        String prefix = trainTwoEpochsUploadingEach("torn/");
        ObjectStore store = S3.store();
        // What a kill after the new weights went up and before their manifest did leaves: epoch 2's weights, epoch 1's
        // optimizer state and sidecar, no manifest.
        store.copy(prefix + Checkpoint.PREVIOUS + "/" + Checkpoint.LAST + ".json", prefix + Checkpoint.LAST + ".json");
        store.delete(prefix + Checkpoint.LAST + ".manifest.json");
        Path restored = tmp.resolve("restored");
        assertTrue(new CheckpointSync(store, prefix).restore(restored));
        assertEquals(Optional.of(Checkpoint.paramsFile(restored.resolve(Checkpoint.PREVIOUS), Checkpoint.LAST)),
                Checkpoint.whole(restored, Checkpoint.LAST));
        assertEquals(1, epochOf(Checkpoint.whole(restored, Checkpoint.LAST)));
    }

    @Test
    void aManifestWhoseFilesWereReplacedIsTornToo() {
        String prefix = trainTwoEpochsUploadingEach("replaced/");
        S3.store().putBytes(prefix + Checkpoint.LAST + ".params", "not the weights".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream");
        Path restored = tmp.resolve("restored");
        assertTrue(new CheckpointSync(S3.store(), prefix).restore(restored));
        assertEquals(1, epochOf(Checkpoint.whole(restored, Checkpoint.LAST)));
        assertFalse(Files.exists(restored.resolve(Checkpoint.LAST + ".manifest.json")),
                "the torn one keeps no manifest, so no later save takes it for whole");
    }

    @Test
    void withoutAnyWholeCheckpointNothingIsRestored() {
        String prefix = "empty/checkpoints/";
        S3.store().putBytes(prefix + Checkpoint.LAST + ".params", new byte[] {1}, "application/octet-stream");
        assertFalse(new CheckpointSync(S3.store(), prefix).restore(tmp.resolve("restored")));
    }

    /** Trains a tiny network for two epochs, uploading after each as the training worker does; the S3 prefix. */
    private String trainTwoEpochsUploadingEach(String run) {
        String prefix = run + "checkpoints/";
        Path local = tmp.resolve("trained");
        CheckpointSync sync = new CheckpointSync(S3.store(), prefix);
        TrainConfig config = new TrainConfig(0.1, 0.1, 2, 4, 0.01, 0.9, 1e-4, 4, dataset.classes(), 32, 3, 0.4, 0.6);
        // On a thread of its own, as the worker trains: libtorch's grad mode is per thread (LibtorchWork).
        LibtorchWork.onOwnThread("train", () -> new SegmentationTrainer().train(dataset.dir(), dataset.trainSlices(),
                List.of(), config, local, new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics metrics) {
                        sync.upload(local);
                    }
                }));
        sync.upload(local);
        return prefix;
    }

    private static int epochOf(Optional<Path> params) {
        return Checkpoint.readInfo(params.orElseThrow()).epochsCompleted();
    }

    private static int epochOfObject(String sidecarKey) {
        String json = new String(S3.store().getBytes(sidecarKey), StandardCharsets.UTF_8);
        return Integer.parseInt(json.replaceAll("(?s).*\"epochsCompleted\"\\s*:\\s*(\\d+).*", "$1"));
    }
}
