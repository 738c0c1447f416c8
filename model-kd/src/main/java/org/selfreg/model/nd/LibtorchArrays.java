package org.selfreg.model.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/**
 * Java data as arrays whose memory libtorch allocated and owns.
 *
 * <p>{@code NDManager.create(float[])} on DJL's PyTorch engine wraps a direct {@code ByteBuffer} without copying
 * ({@code from_blob}): Java owns that memory, aligned as {@code malloc} happens to align it, and it is freed when the
 * buffer is garbage-collected after the array is closed, even while libtorch still refers to it (a view that outlives
 * its source reads garbage then: LibtorchArraysTest). With such arrays as inputs, labels and index and weight arrays,
 * two JVMs training one KD trial parted at a random step, one with a loss jumping from 0.3 to 2^37 within a step, and
 * one run died of a SIGSEGV in libtorch. Copied into libtorch's own allocation, refcounted and 64-byte aligned like
 * every other tensor, a pair of such runs agreed bit for bit (GraphLifetimeTest guards this; BENCHMARKS.md, demo
 * section).
 */
public final class LibtorchArrays {

    private LibtorchArrays() {
    }

    /** {@code data} with {@code shape}, float32, in {@code manager}. */
    public static NDArray floats(NDManager manager, float[] data, Shape shape) {
        return owned(manager, scratch -> scratch.create(data, shape));
    }

    /** {@code data} with {@code shape}, int64, in {@code manager}. */
    public static NDArray longs(NDManager manager, long[] data, Shape shape) {
        return owned(manager, scratch -> scratch.create(data, shape));
    }

    /** {@code data} as a vector, int64, in {@code manager}: an index array. */
    public static NDArray longs(NDManager manager, long[] data) {
        return longs(manager, data, new Shape(data.length));
    }

    /**
     * A float32 scalar for arithmetic inside the autograd graph. DJL's {@code mul(Number)}, {@code div(Number)} and
     * the like wrap the number the same way and close it right after the op, while autograd keeps it for the backward
     * pass: on a differentiable path, multiply or divide by this instead.
     */
    public static NDArray scalar(NDManager manager, float value) {
        return floats(manager, new float[] {value}, new Shape());
    }

    /**
     * A scalar of {@code type}, as {@link #scalar(NDManager, float)}: a weight for a 0-dim loss, which a float64 scalar
     * would promote to float64, while a float32 one would round the weight of a float64 loss.
     */
    public static NDArray scalar(NDManager manager, double value, DataType type) {
        return owned(manager, scratch -> scratch.create(value).toType(type, false));
    }

    /** An int64 scalar, as {@link #scalar(NDManager, float)}: for counts, exact at any size. */
    public static NDArray scalar(NDManager manager, long value) {
        return longs(manager, new long[] {value}, new Shape());
    }

    private static NDArray owned(NDManager manager, Function<NDManager, NDArray> wrap) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray copy = wrap.apply(scratch).duplicate();
            copy.attach(manager);
            return copy;
        }
    }
}
