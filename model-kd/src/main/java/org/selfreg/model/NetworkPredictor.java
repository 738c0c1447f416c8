package org.selfreg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import org.selfreg.model.nd.LibtorchArrays;
import org.selfreg.model.unet.SegmentationBackbone;

/**
 * Eval-mode prediction of square slices with a network (BN running statistics, no gradient), in chunks whose arrays
 * are freed as soon as the chunk is done: used by {@link TrainedModel} and by validation during training. A softmax
 * head predicts the argmax class; a sigmoid head class 1 where the sigmoid exceeds 0.5, as UCTransNet's
 * {@code test_model.py} thresholds. It owns neither the network nor the manager: {@link #close()} leaves both to
 * their owner.
 */
final class NetworkPredictor implements SlicePredictor {

    /** Slices per forward pass: bounds native memory at 224x224 without slowing small calls. */
    static final int CHUNK = 8;

    private final SegmentationBackbone network;
    private final NDManager manager;
    private final int size;
    private final int classes;
    private final int channels;
    private final boolean sigmoid;
    private final ParameterStore parameters;

    /**
     * @param manager parent of the per-chunk managers; on the network's device
     * @param config  the network's configuration: input size and channels, classes and head
     */
    NetworkPredictor(SegmentationBackbone network, NDManager manager, TrainConfig config) {
        this.network = network;
        this.manager = manager;
        this.size = config.imageSize();
        this.classes = config.classes();
        this.channels = config.channels();
        this.sigmoid = TrainConfig.SIGMOID.equals(config.head());
        this.parameters = new ParameterStore(manager, false);
    }

    @Override
    public int inputHeight() {
        return size;
    }

    @Override
    public int inputWidth() {
        return size;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int channels() {
        return channels;
    }

    /** Class ids of {@code count} slices of {@code channels x size x size} values, C order. */
    @Override
    public byte[] predict(float[] slices, int count) {
        int pixels = size * size;
        int values = channels * pixels;
        if (count < 0 || slices.length != (long) count * values) {
            throw new IllegalArgumentException("predict needs count * " + channels + " * " + size + " * " + size
                    + " = " + (long) count * values + " values for count " + count + ", got " + slices.length);
        }
        byte[] classIds = new byte[count * pixels];
        for (int first = 0; first < count; first += CHUNK) {
            int n = Math.min(CHUNK, count - first);
            float[] chunk = new float[n * values];
            System.arraycopy(slices, first * values, chunk, 0, chunk.length);
            byte[] predicted = predictChunk(chunk, n);
            System.arraycopy(predicted, 0, classIds, first * pixels, predicted.length);
        }
        return classIds;
    }

    private byte[] predictChunk(float[] chunk, int n) {
        try (NDManager step = manager.newSubManager()) {
            NDArray images = LibtorchArrays.floats(step, chunk, new Shape(n, channels, size, size));
            NDArray logits = network.forwardLogits(parameters, images);
            NDArray classIds = sigmoid ? Activation.sigmoid(logits).gt(0.5f).squeeze(1) : logits.argMax(1);
            return classIds.toType(DataType.INT8, false).toByteArray();
        }
    }

    @Override
    public void close() {
        // The network and the manager belong to whoever passed them in.
    }
}
