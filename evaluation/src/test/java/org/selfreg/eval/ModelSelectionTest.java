package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.InvalidInputException;

class ModelSelectionTest {

    @Test
    void validationPrefersBestAndFallsBackToLast() {
        assertEquals("best", ModelSelection.onValidation(List.of("last", "best")).checkpoint());
        ModelSelection fallback = ModelSelection.onValidation(List.of("last"));
        assertEquals("last", fallback.checkpoint());
        assertTrue(fallback.label().contains("no validation-selected checkpoint"), fallback.label());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelSelection.onValidation(List.of("epoch_3")));
        assertTrue(e.getMessage().contains("epoch_3"), e.getMessage());
    }

    @Test
    void testSetSweepVisitsEveryCheckpointBestAndLastFirst() {
        assertEquals(List.of("best", "last", "epoch_10", "epoch_9"),
                ModelSelection.testSetCandidates(List.of("epoch_9", "last", "epoch_10", "best")));
        assertThrows(InvalidInputException.class, () -> ModelSelection.testSetCandidates(List.of()));
    }

    @Test
    void policyParsesTheTaskInputSpellings() {
        assertEquals(ModelSelection.Policy.VALIDATION, ModelSelection.Policy.parse("validation"));
        assertEquals(ModelSelection.Policy.TEST_SET, ModelSelection.Policy.parse(" Test-Set "));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelSelection.Policy.parse("test"));
        assertTrue(e.getMessage().contains("\"test-set\""), e.getMessage());
    }

    @Test
    void testSetChoiceTakesTheBestDiceThenTheLowestHd95AndLabelsIt() {
        Map<String, EvaluationReport> candidates = new LinkedHashMap<>();
        candidates.put("best", report("best", 0.80, 5.0));
        candidates.put("last", report("last", 0.85, 9.0));
        candidates.put("epoch_9", report("epoch_9", 0.85, 7.0));
        candidates.put("epoch_1", report("epoch_1", Double.NaN, Double.NaN));
        TestSetSelection selection = new TestSetSelection(candidates);
        assertEquals("epoch_9", selection.chosen());
        assertEquals(ModelSelection.TEST_SET_LABEL, selection.chosenReport().selection().label());
        assertEquals(0.85, selection.chosenReport().meanDice(), 1e-12);
        assertEquals(List.of("best", "last", "epoch_9", "epoch_1"), List.copyOf(selection.candidates().keySet()));
    }

    private static EvaluationReport report(String checkpoint, double dice, double hd95) {
        ClassMetrics m = new ClassMetrics(1, "spleen", dice, hd95, dice, hd95, hd95, 10, 10);
        return new EvaluationReport(DatasetDescription.synapse(), MetricMode.CORRECTED, ModelSelection.testSetCandidate(checkpoint),
                List.of(new CaseMetrics("case0001", List.of(m))));
    }
}
