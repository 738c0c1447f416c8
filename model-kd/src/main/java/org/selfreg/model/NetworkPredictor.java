package org.selfreg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.selfreg.model.nd.LibtorchArrays;
import org.selfreg.model.unet.SegmentationBackbone;

/**
 * Eval-mode argmax prediction of square slices with a network (BN running statistics, no gradient), in chunks
 * whose arrays are freed as soon as the chunk is done: used by {@link TrainedModel} and by validation during
 * training. It owns neither the network nor the manager: {@link #close()} leaves both to their owner.
 */
final class NetworkPredictor implements SlicePredictor {

    /** Slices per forward pass: bounds native memory at 224x224 without slowing small calls. */
    static final int CHUNK = 8;

    private final SegmentationBackbone network;
    private final NDManager manager;
    private final int size;
    private final int classes;
    private final ParameterStore parameters;

    /**
     * @param manager parent of the per-chunk managers; on the network's device
     * @param size    side of the square input the network takes
     * @param classes output classes of the network, background included
     */
    NetworkPredictor(SegmentationBackbone network, NDManager manager, int size, int classes) {
        this.network = network;
        this.manager = manager;
        this.size = size;
        this.classes = classes;
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

    /** Class ids of {@code count} slices of {@code size x size} pixels, C order. */
    @Override
    public byte[] predict(float[] slices, int count) {
        int pixels = size * size;
        if (count < 0 || slices.length != (long) count * pixels) {
            throw new IllegalArgumentException("predict needs count * " + size + " * " + size + " = "
                    + (long) count * pixels + " values for count " + count + ", got " + slices.length);
        }
        byte[] classIds = new byte[slices.length];
        for (int first = 0; first < count; first += CHUNK) {
            int n = Math.min(CHUNK, count - first);
            float[] chunk = new float[n * pixels];
            System.arraycopy(slices, first * pixels, chunk, 0, chunk.length);
            byte[] predicted = predictChunk(chunk, n);
            System.arraycopy(predicted, 0, classIds, first * pixels, predicted.length);
        }
        return classIds;
    }

    private byte[] predictChunk(float[] chunk, int n) {
        try (NDManager step = manager.newSubManager()) {
            NDArray images = LibtorchArrays.floats(step, chunk, new Shape(n, 1, size, size));
            NDArray logits = network.forwardLogits(parameters, images);
            return logits.argMax(1).toType(DataType.INT8, false).toByteArray();
        }
    }

    @Override
    public void close() {
        // The network and the manager belong to whoever passed them in.
    }
}
