package org.selfreg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.selfreg.model.unet.SegmentationBackbone;

import java.nio.file.Path;

/**
 * A trained network loaded from a checkpoint, ready for eval-mode inference (BN running statistics, logits only).
 * The network is rebuilt from the sidecar's configuration, backbone included.
 */
public final class TrainedModel implements ProbabilityPredictor {

    private final CheckpointInfo info;
    private final NDManager manager;
    private final NetworkPredictor predictor;

    private TrainedModel(CheckpointInfo info, SegmentationBackbone network, NDManager manager) {
        this.info = info;
        this.manager = manager;
        this.predictor = new NetworkPredictor(network, manager, info.config());
    }

    /** Loads a checkpoint's {@code .params} file (its JSON sidecar must lie beside it). */
    public static TrainedModel load(Path checkpointFile) {
        CheckpointInfo info = Checkpoint.readInfo(checkpointFile);
        TrainConfig config = info.config();
        Device device = RuntimeInfo.preferredDevice();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            SegmentationBackbone network = Backbones.create(config);
            Checkpoint.initializeForLoading(network, manager, TrainingSession.inputShape(config, 1));
            Checkpoint.loadWeights(checkpointFile, network, manager);
            return new TrainedModel(info, network, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Hyper-parameters the model was trained with. */
    public TrainConfig config() {
        return info.config();
    }

    /** The checkpoint's sidecar (epochs, runtime, metrics history, why these weights were kept). */
    public CheckpointInfo info() {
        return info;
    }

    @Override
    public int inputHeight() {
        return info.config().imageSize();
    }

    @Override
    public int inputWidth() {
        return info.config().imageSize();
    }

    @Override
    public int classes() {
        return info.config().classes();
    }

    @Override
    public int channels() {
        return info.config().channels();
    }

    @Override
    public byte[] predict(float[] slices, int count) {
        return predictor.predict(slices, count);
    }

    @Override
    public float[] probabilities(float[] slices, int count) {
        return predictor.probabilities(slices, count);
    }

    @Override
    public boolean sigmoidHead() {
        return predictor.sigmoidHead();
    }

    @Override
    public void close() {
        manager.close();
    }
}
