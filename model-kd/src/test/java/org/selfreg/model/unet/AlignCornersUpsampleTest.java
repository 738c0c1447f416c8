package org.selfreg.model.unet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AlignCornersUpsampleTest {

    /**
     * Bilinear interpolation reproduces a linear function exactly, and align_corners maps output index {@code o} to
     * source {@code o * (n - 1) / (2n - 1)}: so {@code f(r, c) = 2r + c} on a 2x3 grid must become
     * {@code 2 * i / 3 + j * 2 / 5} on the 4x6 output (align_corners=False would give different values).
     */
    @Test
    void samplesTheAlignCornersGrid() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {0, 1, 2, 2, 3, 4}, new Shape(1, 1, 2, 3));
            float[] actual = AlignCornersUpsample.upsample2x(x).toFloatArray();
            float[] expected = new float[24];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 6; j++) {
                    expected[i * 6 + j] = (float) (2.0 * i / 3.0 + j * 2.0 / 5.0);
                }
            }
            assertArrayEquals(expected, actual, 1e-6f);
        }
    }

    /** d(sum of outputs)/d(input) is the column sum of the interpolation weights: 2 per axis for 2 -> 4. */
    @Test
    void passesGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = AlignCornersUpsample.upsample2x(x);
                assertEquals(new Shape(1, 1, 4, 4), y.getShape());
                collector.backward(y.sum());
            }
            assertArrayEquals(new float[] {4, 4, 4, 4}, x.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
