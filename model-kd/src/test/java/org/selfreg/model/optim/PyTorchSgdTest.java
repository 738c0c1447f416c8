package org.selfreg.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyTorchSgdTest {

    private static final double BASE = 0.1;

    @Test
    void polyScheduleRunsTheFirstTwoStepsAtTheBaseRate() {
        PolyLearningRate poly = PolyLearningRate.reference(BASE, 4);
        assertEquals(BASE, poly.rateForStep(0));
        assertEquals(BASE, poly.rateForStep(1));
        assertEquals(BASE * Math.pow(0.75, 0.9), poly.rateForStep(2), 1e-15);
        assertEquals(0.0, poly.rateForStep(5));
    }

    /**
     * Steps 0 and 1 by hand (m 0.9, wd 0.01, lr 0.1 twice): buf = g + wd*w, then buf = 0.9 buf + g + wd*w,
     * w -= lr * buf. Step 2 uses lr = 0.1 * 0.75^0.9, which DJL's MXNet-style SGD (lr folded into the buffer)
     * would not reproduce.
     */
    @Test
    void followsTorchOptimSgdWithAPerStepRate() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager state = manager.newSubManager()) {
            PyTorchSgd sgd = new PyTorchSgd(PolyLearningRate.reference(BASE, 4), 0.9, 0.01, state);
            NDArray w = manager.create(new float[] {1.0f, -2.0f});

            step(sgd, w, manager.create(new float[] {0.5f, 0.1f}));
            assertArrayEquals(new float[] {0.949f, -2.008f}, w.toFloatArray(), 1e-6f);

            step(sgd, w, manager.create(new float[] {-0.2f, 0.3f}));
            assertArrayEquals(new float[] {0.922151f, -2.043192f}, w.toFloatArray(), 1e-6f);
            float[] buffer = sgd.momentumBuffer("w").orElseThrow().toFloatArray();
            assertArrayEquals(new float[] {0.26849f, 0.35192f}, buffer, 1e-6f);

            step(sgd, w, manager.create(new float[] {0.1f, 0.1f}));
            double lr2 = BASE * Math.pow(0.75, 0.9);
            double b0 = 0.9 * 0.26849 + 0.1 + 0.01 * 0.922151;
            double b1 = 0.9 * 0.35192 + 0.1 + 0.01 * -2.043192;
            assertArrayEquals(new float[] {(float) (0.922151 - lr2 * b0), (float) (-2.043192 - lr2 * b1)},
                    w.toFloatArray(), 1e-6f);
            assertEquals(3, sgd.step());
        }
    }

    @Test
    void restoredStateContinuesLikeTheOriginal() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager state = manager.newSubManager()) {
            PyTorchSgd original = new PyTorchSgd(PolyLearningRate.reference(BASE, 4), 0.9, 0.01, state);
            NDArray w1 = manager.create(new float[] {1.0f, -2.0f});
            step(original, w1, manager.create(new float[] {0.5f, 0.1f}));
            NDArray w2 = w1.duplicate();

            PyTorchSgd restored = new PyTorchSgd(PolyLearningRate.reference(BASE, 4), 0.9, 0.01, state);
            restored.restore(original.step(),
                    Map.of("w", Map.of(PyTorchSgd.MOMENTUM_BUFFER, original.momentumBuffer("w").orElseThrow())));
            NDArray g = manager.create(new float[] {-0.2f, 0.3f});
            step(original, w1, g);
            step(restored, w2, g);
            assertArrayEquals(w1.toFloatArray(), w2.toFloatArray());
            assertTrue(restored.momentumBuffer("w").isPresent());
        }
    }

    private static void step(PyTorchSgd sgd, NDArray weight, NDArray grad) {
        sgd.update("w", weight, grad);
        sgd.endStep();
    }
}
