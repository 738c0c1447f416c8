package org.selfreg.workers.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.workers.TaskInput;

class SchedulerSpecTest {

    private static SchedulerSpec read(Map<String, Object> section) {
        return SchedulerSpec.of(TaskInput.section("section 'scheduler' of sweep.yaml", "fix the sweep file", section));
    }

    @Test
    void ashaRungsGrowByTheReductionFactorBeforeTheLastEpoch() {
        SchedulerSpec asha = read(Map.of("type", "asha"));
        assertEquals(List.of(1, 3, 9), asha.decisionEpochs(27));
        assertEquals(List.of(1, 3, 9, 27), asha.decisionEpochs(28));
        assertEquals(List.of(2, 8), read(Map.of("type", "asha", "minEpochs", 2, "reduction", 4)).decisionEpochs(30));
        assertEquals(List.of(), asha.decisionEpochs(1), "a one-epoch run has nothing to decide");
    }

    @Test
    void segmentsEndAtDecisionEpochsAndARestartStopsAtTheOneItReached() {
        SchedulerSpec asha = read(Map.of("type", "asha"));
        assertEquals(1, asha.firstStop(0, 27));
        assertEquals(3, asha.firstStop(3, 27), "restarted at a rung: decide it before training on");
        assertEquals(9, asha.firstStop(4, 27), "a checkpoint between rungs trains to the next");
        assertEquals(27, asha.firstStop(10, 27));
        assertEquals(3, asha.stopAfter(1, 27));
        assertEquals(27, asha.stopAfter(9, 27));
        assertEquals(27, SchedulerSpec.NONE.firstStop(0, 27));
    }

    @Test
    void theMedianRuleDecidesEveryFewEpochsAfterItsGracePeriod() {
        SchedulerSpec median = read(Map.of("type", "median", "minEpochs", 5, "every", 5));
        assertEquals(List.of(5, 10, 15), median.decisionEpochs(20));
        assertEquals(3, median.minTrials());
        assertTrue(median.stopsTrials());
    }

    @Test
    void noneOrNothingStopsNoTrialAndReadsBackFromItsMap() {
        assertFalse(read(Map.of()).stopsTrials());
        assertEquals(SchedulerSpec.NONE, read(Map.of("type", "none")));
        SchedulerSpec asha = read(Map.of("type", "ASHA", "minEpochs", 2));
        assertEquals(asha, read(asha.toMap()));
        assertEquals("asha (rungs at epochs 2, 6; the best 1/3 go on)", asha.describe(10));
    }

    @Test
    void unknownKeysTypesAndImpossibleValuesAreErrorsNamingTheKey() {
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> read(Map.of("type", "asha", "every", 2)));
        assertTrue(unknown.getMessage().contains("'every'") && unknown.getMessage().contains("sweep.yaml"),
                unknown.getMessage());
        InvalidInputException type = assertThrows(InvalidInputException.class, () -> read(Map.of("type", "hyperband")));
        assertTrue(type.getMessage().contains("asha, median or none"), type.getMessage());
        InvalidInputException eta = assertThrows(InvalidInputException.class,
                () -> read(Map.of("type", "asha", "reduction", 1)));
        assertTrue(eta.getMessage().contains("'reduction'") && eta.getMessage().contains("at least 2"),
                eta.getMessage());
        assertThrows(InvalidInputException.class, () -> read(Map.of("type", "median", "minEpochs", 0)));
    }
}
