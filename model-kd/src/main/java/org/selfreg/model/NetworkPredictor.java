package org.selfreg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.function.Function;
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

    /** Most slices per forward pass, and the pass on a GPU: bounds native memory at 224x224. */
    static final int CHUNK = 8;
    /**
     * Slices per forward pass on a CPU: one, as the reference's {@code test_single_volume} runs them. Full-width
     * UNet_hd at 224x224 on two libtorch threads took 0.36-0.41 s a slice one or two at a time and 0.51 s eight at a
     * time, whose activations outgrow the caches (BENCHMARKS.md, prediction).
     */
    static final int CPU_CHUNK = 1;

    private final SegmentationBackbone network;
    private final NDManager manager;
    private final int size;
    private final int classes;
    private final int channels;
    private final boolean sigmoid;
    private final ParameterStore parameters;
    private final int chunk;

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
        this.chunk = manager.getDevice().isGpu() ? CHUNK : CPU_CHUNK;
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
        byte[] classIds = new byte[count * size * size];
        forEachChunk(slices, count, (chunk, n, first) -> {
            byte[] predicted = inChunk(chunk, n, this::decide);
            System.arraycopy(predicted, 0, classIds, first * size * size, predicted.length);
        });
        return classIds;
    }

    /**
     * Probabilities of {@code count} slices, C order: softmax over the classes ({@code [n][classes][size][size]}), or
     * for a sigmoid head the foreground's ({@code [n][1][size][size]}).
     */
    float[] probabilities(float[] slices, int count) {
        int values = probabilityChannels() * size * size;
        float[] probabilities = new float[count * values];
        forEachChunk(slices, count, (chunk, n, first) -> {
            float[] predicted = inChunk(chunk, n, this::probabilitiesOf);
            System.arraycopy(predicted, 0, probabilities, first * values, predicted.length);
        });
        return probabilities;
    }

    /** Channels of {@link #probabilities}: 1 for a sigmoid head, the classes for a softmax. */
    private int probabilityChannels() {
        return sigmoid ? 1 : classes;
    }

    /** Whether the head is one sigmoid channel (foreground above 0.5) rather than a softmax over the classes. */
    boolean sigmoidHead() {
        return sigmoid;
    }

    private byte[] decide(NDArray logits) {
        NDArray classIds = sigmoid ? Activation.sigmoid(logits).gt(0.5f).squeeze(1) : logits.argMax(1);
        return classIds.toType(DataType.INT8, false).toByteArray();
    }

    private float[] probabilitiesOf(NDArray logits) {
        return (sigmoid ? Activation.sigmoid(logits) : logits.softmax(1)).toFloatArray();
    }

    private interface ChunkConsumer {
        void accept(float[] chunk, int n, int first);
    }

    /** Hands the slices to {@code consumer} in chunks of the device's size, checking the input's length. */
    private void forEachChunk(float[] slices, int count, ChunkConsumer consumer) {
        int values = channels * size * size;
        if (count < 0 || slices.length != (long) count * values) {
            throw new IllegalArgumentException("predict needs count * " + channels + " * " + size + " * " + size
                    + " = " + (long) count * values + " values for count " + count + ", got " + slices.length);
        }
        for (int first = 0; first < count; first += chunk) {
            int n = Math.min(chunk, count - first);
            float[] chunk = new float[n * values];
            System.arraycopy(slices, first * values, chunk, 0, chunk.length);
            consumer.accept(chunk, n, first);
        }
    }

    /** The network's logits of one chunk, turned into Java values before the chunk's arrays are freed. */
    private <T> T inChunk(float[] chunk, int n, Function<NDArray, T> readOut) {
        try (NDManager step = manager.newSubManager()) {
            NDArray images = LibtorchArrays.floats(step, chunk, new Shape(n, channels, size, size));
            return readOut.apply(network.forwardLogits(parameters, images));
        }
    }

    @Override
    public void close() {
        // The network and the manager belong to whoever passed them in.
    }
}
