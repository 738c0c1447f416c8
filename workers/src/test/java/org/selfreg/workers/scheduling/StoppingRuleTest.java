package org.selfreg.workers.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoppingRuleTest {

    /** Values from NumPy 2.4.6: {@code np.nanpercentile([...], q * 100)} (its default, linear interpolation). */
    @Test
    void percentileInterpolatesLinearlyAsNumPyDoes() {
        assertEquals(0.5, StoppingRule.percentile(List.of(0.5), 2.0 / 3), 1e-15);
        assertEquals(0.7666666666666667, StoppingRule.percentile(List.of(0.9, 0.5, 0.7), 2.0 / 3), 1e-15);
        assertEquals(3.0, StoppingRule.percentile(List.of(1.0, 2.0, 3.0, 4.0), 2.0 / 3), 1e-12);
        assertEquals(2.5, StoppingRule.percentile(List.of(4.0, 1.0, 3.0, 2.0), 0.5), 1e-15);
    }

    @Test
    void ashaLetsTheFirstTrialOnAndStopsThoseBelowTheTopThirdOfEarlierOnes() {
        assertFalse(StoppingRule.asha(3, 0.1, List.of()).stop());
        assertTrue(StoppingRule.asha(3, 0.6, List.of(0.7)).stop(), "below the only earlier value");
        assertFalse(StoppingRule.asha(3, 0.7, List.of(0.7)).stop(), "a tie goes on, as Ray's strict <");
        StoppingRule.Decision decision = StoppingRule.asha(3, 0.75, List.of(0.9, 0.5, 0.7));
        assertTrue(decision.stop());
        assertEquals("0.7500 < the top-1/3 cutoff 0.7667 of 3 earlier trials", decision.reason());
        assertFalse(StoppingRule.asha(3, 0.8, List.of(0.9, 0.5, 0.7, Double.NaN)).stop(), "NaN values are ignored");
        assertTrue(StoppingRule.asha(3, Double.NaN, List.of(0.5)).stop(), "no value does not pass");
    }

    @Test
    void theMedianRuleWaitsForEnoughTrialsThenComparesTheBestWithTheirRunningMeans() {
        assertFalse(StoppingRule.median(3, 0.1, List.of(0.5, 0.6)).stop(), "two others are not enough");
        StoppingRule.Decision decision = StoppingRule.median(3, 0.55, List.of(0.5, 0.6, 0.7));
        assertTrue(decision.stop());
        assertEquals("best 0.5500 < the median 0.6000 of 3 other trials' running means", decision.reason());
        assertFalse(StoppingRule.median(3, 0.6, List.of(0.5, 0.6, 0.7)).stop());
    }
}
