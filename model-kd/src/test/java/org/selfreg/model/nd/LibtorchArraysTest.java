package org.selfreg.model.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.selfreg.model.testing.DirectMemoryChurn;

/**
 * The property training depends on: an array made from Java data stays valid for as long as libtorch refers to it.
 * (The same check on an array from DJL's {@code NDManager.create(float[])} read 65,536 of 65,536 values back wrong: its
 * memory was a garbage-collected direct buffer by then.)
 */
class LibtorchArraysTest {

    private static final int SIZE = 1 << 16;

    @Test
    void aViewOutlivesTheArrayItWasMadeFromAndTheJavaDataBehindIt() {
        float[] data = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            data[i] = i;
        }
        assertArrayEquals(data, viewAfterItsSourceIsClosed(data));
    }

    @Test
    void indexArraysKeepTheirValuesToo() {
        long[] indices = {3, 1, 4, 1, 5, 9, 2, 6};
        try (NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(indices, LibtorchArrays.longs(manager, indices).toLongArray());
            assertArrayEquals(new long[] {2, 4}, LibtorchArrays.longs(manager, indices, new Shape(2, 4)).getShape()
                    .getShape());
        }
    }

    /** Reads a reshaped view of the array after the array was closed and the JVM collected and reused memory. */
    private static float[] viewAfterItsSourceIsClosed(float[] data) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray view;
            try (NDManager scratch = manager.newSubManager()) {
                NDArray array = LibtorchArrays.floats(scratch, data, new Shape(SIZE));
                view = array.reshape(new Shape(SIZE / 4, 4));
                view.attach(manager);
            }
            DirectMemoryChurn churn = new DirectMemoryChurn().churn(20, 16, SIZE * Float.BYTES);
            try {
                return view.reshape(new Shape(SIZE)).toFloatArray();
            } finally {
                churn.release();
            }
        }
    }
}
