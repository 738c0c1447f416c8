package org.selfreg.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.selfreg.model.testing.Fixtures.load;
import static org.selfreg.model.testing.Fixtures.assertClose;
import static org.selfreg.model.testing.Fixtures.scalar;

class AdamWTest {

    /**
     * First step by hand (lr 0.1, wd 0.5, g = 2): decay w = 1 * (1 - 0.05) = 0.95; m = 0.2, v = 0.004; bias-corrected
     * m / sqrt(v) = (0.2 / 0.1) / (sqrt(0.004) / sqrt(0.001)) = 1 (plus eps); w = 0.95 - 0.1 = 0.85. L2-Adam (DJL's)
     * would give 1 - 0.1 = 0.9 instead, since the decay term would be normalised away.
     */
    @Test
    void firstStepDecaysTheWeightOutsideTheAdaptiveRate() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager state = manager.newSubManager()) {
            AdamW adamw = new AdamW(LearningRateSchedule.constant(0.1), 0.5, state);
            NDArray w = manager.create(new float[] {1.0f});
            adamw.update("w", w, manager.create(new float[] {2.0f}));
            adamw.endStep();
            assertArrayEquals(new float[] {0.85f}, w.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.2f}, adamw.state("w", AdamW.EXP_AVG).orElseThrow().toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {0.004f}, adamw.state("w", AdamW.EXP_AVG_SQ).orElseThrow().toFloatArray(),
                    1e-9f);
        }
    }

    /** Six steps against {@code torch.optim.AdamW} (fixture adamw.npz). */
    @Test
    void followsTorchOptimAdamW() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager state = manager.newSubManager()) {
            NDList fixture = load(manager, "adamw.npz");
            AdamW adamw = new AdamW(LearningRateSchedule.constant(scalar(fixture, "lr")),
                    scalar(fixture, "weight_decay"), state);
            NDArray w = fixture.get("w0").duplicate();
            NDArray grads = fixture.get("grads");
            NDArray expected = fixture.get("weights");
            for (int t = 0; t < grads.getShape().get(0); t++) {
                adamw.update("w", w, grads.get(t));
                adamw.endStep();
                assertClose(expected.get(t), w, 1e-6, "step " + t);
            }
            assertEquals(6, adamw.step());
        }
    }
}
