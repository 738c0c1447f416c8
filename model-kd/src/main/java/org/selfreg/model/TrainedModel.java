package org.selfreg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.selfreg.model.unet.UNet;

import java.nio.file.Path;

/**
 * A trained network loaded from a checkpoint, ready for eval-mode inference (BN running statistics, logits only).
 */
public final class TrainedModel implements SlicePredictor {

    /** Slices per forward pass: bounds native memory at 224x224 without slowing small calls. */
    private static final int PREDICT_BATCH = 8;

    private final CheckpointInfo info;
    private final UNet network;
    private final NDManager manager;
    private final ParameterStore parameters;

    private TrainedModel(CheckpointInfo info, UNet network, NDManager manager) {
        this.info = info;
        this.network = network;
        this.manager = manager;
        this.parameters = new ParameterStore(manager, false);
    }

    /** Loads a checkpoint's {@code .params} file (its JSON sidecar must lie beside it). */
    public static TrainedModel load(Path checkpointFile) {
        CheckpointInfo info = Checkpoint.readInfo(checkpointFile);
        TrainConfig config = info.config();
        Device device = RuntimeInfo.preferredDevice();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            UNet network = new UNet(config.unetConfig());
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, config.imageSize(), config.imageSize()));
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

    /** The checkpoint's sidecar (epochs, runtime, metrics history). */
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
    public byte[] predict(float[] slices, int count) {
        int pixels = inputHeight() * inputWidth();
        if (count < 0 || slices.length != (long) count * pixels) {
            throw new IllegalArgumentException("predict needs count * " + inputHeight() + " * " + inputWidth() + " = "
                    + (long) count * pixels + " values for count " + count + ", got " + slices.length);
        }
        byte[] classIds = new byte[slices.length];
        for (int first = 0; first < count; first += PREDICT_BATCH) {
            int n = Math.min(PREDICT_BATCH, count - first);
            float[] chunk = new float[n * pixels];
            System.arraycopy(slices, first * pixels, chunk, 0, chunk.length);
            byte[] predicted = predictChunk(chunk, n);
            System.arraycopy(predicted, 0, classIds, first * pixels, predicted.length);
        }
        return classIds;
    }

    private byte[] predictChunk(float[] chunk, int n) {
        try (NDManager step = manager.newSubManager()) {
            NDArray images = step.create(chunk, new Shape(n, 1, inputHeight(), inputWidth()));
            NDArray logits = network.forwardLogits(parameters, images);
            return logits.argMax(1).toType(DataType.INT8, false).toByteArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
