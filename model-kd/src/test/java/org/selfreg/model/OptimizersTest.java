package org.selfreg.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.selfreg.model.optim.Adam;
import org.selfreg.model.optim.AdamW;
import org.selfreg.model.optim.CosineWarmRestarts;
import org.selfreg.model.optim.LearningRateSchedule;
import org.selfreg.model.optim.PolyLearningRate;
import org.selfreg.model.optim.PyTorchSgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class OptimizersTest {

    private static final int ITERATIONS_PER_EPOCH = 5;

    @Test
    void eachOptimizerWithTheScheduleItHadBeforeSchedulesWereSelectable() {
        try (NDManager state = NDManager.newBaseManager()) {
            TrainConfig sgd = TrainConfig.defaults();
            assertInstanceOf(PyTorchSgd.class, Optimizers.create(sgd, ITERATIONS_PER_EPOCH, state));
            PolyLearningRate poly = PolyLearningRate.reference(sgd.baseLr(), sgd.epochs() * ITERATIONS_PER_EPOCH);
            assertRates(poly, Optimizers.schedule(sgd, ITERATIONS_PER_EPOCH));

            TrainConfig adamw = TrainConfig.acdcDefaults();
            assertInstanceOf(AdamW.class, Optimizers.create(adamw, ITERATIONS_PER_EPOCH, state));
            assertRates(LearningRateSchedule.constant(adamw.baseLr()), Optimizers.schedule(adamw,
                    ITERATIONS_PER_EPOCH));
            assertEquals(Adam.class, Optimizers.create(sgd.withOptimizer(TrainConfig.ADAM), 1, state).getClass());
        }
    }

    /** The cosine advances once per epoch, as UCTransNet steps its scheduler; its cycle is counted in epochs. */
    @Test
    void cosineRestartsAdvanceOncePerEpoch() {
        TrainConfig cosine = new TrainConfig(0.1, 0.1, 30, 4, 1e-3, 0.9, 0, 4, 3, 32, 1, 0.4, 0.6, Backbones.UNET,
                TrainConfig.ADAM, TrainConfig.NO_PRETRAINED, TrainConfig.COSINE_RESTARTS, 10, 1e-4);
        CosineWarmRestarts perEpoch = new CosineWarmRestarts(1e-3, 10, 1, 1e-4);
        assertRates(perEpoch.steppedPerEpoch(ITERATIONS_PER_EPOCH), Optimizers.schedule(cosine,
                ITERATIONS_PER_EPOCH));
        LearningRateSchedule schedule = Optimizers.schedule(cosine, ITERATIONS_PER_EPOCH);
        assertEquals(1e-3, schedule.rateForStep(10 * ITERATIONS_PER_EPOCH), "epoch 10 restarts");
        assertEquals(perEpoch.rateForStep(9), schedule.rateForStep(10 * ITERATIONS_PER_EPOCH - 1));
    }

    private static void assertRates(LearningRateSchedule expected, LearningRateSchedule actual) {
        for (int step = 0; step < 200; step++) {
            assertEquals(expected.rateForStep(step), actual.rateForStep(step), "step " + step);
        }
    }
}
