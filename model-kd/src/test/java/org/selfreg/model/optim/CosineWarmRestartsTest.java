package org.selfreg.model.optim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.selfreg.model.testing.Fixtures.assertClose;
import static org.selfreg.model.testing.Fixtures.load;
import static org.selfreg.model.testing.Fixtures.scalar;

class CosineWarmRestartsTest {

    private static final CosineWarmRestarts UCTRANSNET = new CosineWarmRestarts(1e-3, 10, 1, 1e-4);

    /** By hand: the base at every restart, the midpoint of base and floor halfway through a cycle. */
    @Test
    void restartsAtTheBaseRateEveryCycle() {
        assertEquals(1e-3, UCTRANSNET.rateForStep(0));
        assertEquals(1e-3, UCTRANSNET.rateForStep(10));
        assertEquals(1e-3, UCTRANSNET.rateForStep(1990));
        assertEquals(5.5e-4, UCTRANSNET.rateForStep(5), 1e-18);
        assertEquals(UCTRANSNET.rateForStep(9), UCTRANSNET.rateForStep(19));
    }

    /** UCTransNet steps the scheduler after each epoch: every iteration of epoch e runs at the rate of step e. */
    @Test
    void steppedPerEpochHoldsEachRateForTheWholeEpoch() {
        LearningRateSchedule perIteration = UCTRANSNET.steppedPerEpoch(3);
        for (int iteration = 0; iteration < 60; iteration++) {
            assertEquals(UCTRANSNET.rateForStep(iteration / 3), perIteration.rateForStep(iteration));
        }
        assertThrows(IllegalArgumentException.class, () -> UCTRANSNET.steppedPerEpoch(0));
    }

    /**
     * 130 argument-less {@code scheduler.step()} calls with cycles 1, 3, 9, 27, 81 (cosine_rates.npz); step 121
     * restarts, where torch's closed form {@code step(121)} would give the floor.
     */
    @Test
    void followsTorchsSchedulerThroughGrowingCycles() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = load(manager, "cosine_rates.npz");
            CosineWarmRestarts schedule = new CosineWarmRestarts(scalar(fixture, "lr"), (int) scalar(fixture, "t0"),
                    (int) scalar(fixture, "t_mult"), scalar(fixture, "eta_min"));
            double[] rates = fixture.get("lrs").toDoubleArray();
            for (int step = 0; step < rates.length; step++) {
                assertClose(rates[step], schedule.rateForStep(step), 1e-12, "rate of step " + step);
            }
            assertEquals(schedule.baseRate(), schedule.rateForStep(121));
        }
    }

    @Test
    void rejectsWhatTorchRejects() {
        assertThrows(IllegalArgumentException.class, () -> new CosineWarmRestarts(1e-3, 0, 1, 1e-4));
        assertThrows(IllegalArgumentException.class, () -> new CosineWarmRestarts(1e-3, 10, 0, 1e-4));
        assertThrows(IllegalArgumentException.class, () -> new CosineWarmRestarts(1e-3, 10, 1, -1e-4));
        assertThrows(IllegalArgumentException.class, () -> new CosineWarmRestarts(Double.NaN, 10, 1, 1e-4));
    }
}
