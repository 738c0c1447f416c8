package org.selfreg.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.selfreg.model.testing.Fixtures.assertClose;
import static org.selfreg.model.testing.Fixtures.load;
import static org.selfreg.model.testing.Fixtures.scalar;

class AdamTest {

    /** The tensors of every fixture of make_optim_fixtures.py, shaped like a small convolution. */
    private static final List<String> PARAMETERS = List.of("weight", "bias");

    /**
     * First step by hand (lr 0.1, wd 0.5, w = 1, g = 2): L2 makes g' = 2.5, m = 0.25, v = 0.00625; bias-corrected
     * m / sqrt(v) = 2.5 / 2.5 = 1 (plus eps), so w = 1 - 0.1 = 0.9. The decay is normalised away with the gradient,
     * where AdamW shrinks the weight to 0.85.
     */
    @Test
    void firstStepAddsTheDecayToTheGradient() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager state = manager.newSubManager()) {
            NDArray w = manager.create(new float[] {1.0f});
            new Adam(LearningRateSchedule.constant(0.1), 0.5, state).update("w", w, manager.create(new float[] {2.0f}));
            assertArrayEquals(new float[] {0.9f}, w.toFloatArray(), 1e-6f);
        }
    }

    /** UCTransNet's recipe: 13 epochs of 2 iterations, the cosine stepped after each epoch (adam_cosine.npz). */
    @Test
    void followsTorchAdamUnderTheEpochSteppedCosineOfUCTransNet() {
        assertFollowsTorch("adam_cosine.npz");
    }

    /** L2 decay that dominates the gradients, and cycles of 3, 6 and 12 steps (adam_l2_growing.npz). */
    @Test
    void followsTorchAdamWithL2DecayUnderGrowingCycles() {
        assertFollowsTorch("adam_l2_growing.npz");
    }

    /** Every step's rate (to 1e-12) and the tensors after it (to 1e-5 of their largest value) against torch. */
    private static void assertFollowsTorch(String name) {
        try (NDManager manager = NDManager.newBaseManager(); NDManager state = manager.newSubManager()) {
            NDList fixture = load(manager, name);
            LearningRateSchedule schedule = new CosineWarmRestarts(scalar(fixture, "lr"), (int) scalar(fixture, "t0"),
                    (int) scalar(fixture, "t_mult"), scalar(fixture, "eta_min"))
                    .steppedPerEpoch((int) scalar(fixture, "iterations_per_epoch"));
            Adam adam = new Adam(schedule, scalar(fixture, "weight_decay"), state);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            PARAMETERS.forEach(p -> tensors.put(p, fixture.get(p + "0").duplicate()));
            double[] rates = fixture.get("lrs").toDoubleArray();
            for (int t = 0; t < rates.length; t++) {
                assertClose(rates[t], adam.currentLearningRate(), 1e-12, name + ": rate of step " + t);
                for (String p : PARAMETERS) {
                    adam.update(p, tensors.get(p), fixture.get(p + "_grads").get(t));
                }
                adam.endStep();
                for (String p : PARAMETERS) {
                    assertClose(fixture.get(p + "_steps").get(t), tensors.get(p), 1e-5, name + ": " + p + " after step "
                            + t);
                }
            }
        }
    }
}
