package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.eval.MetricMode;
import org.selfreg.eval.ModelSelection;

class EvaluationRequestTest {

    @Test
    void defaultsAreValidationSelectionCorrectedMetricsAndSourceGeometry() {
        EvaluationRequest r = EvaluationRequest.of(input(Map.of()));
        assertEquals(ModelSelection.Policy.VALIDATION, r.policy());
        assertEquals(MetricMode.CORRECTED, r.options().mode());
        assertFalse(r.options().paperGeometry());
        assertTrue(r.options().exportPredictions());
    }

    @Test
    void optionsComeFromTheTaskInput() {
        EvaluationRequest r = EvaluationRequest.of(input(Map.of(
                "selection", "test-set", "metricMode", "paper", "paperGeometry", "true")));
        assertEquals(ModelSelection.Policy.TEST_SET, r.policy());
        assertEquals(MetricMode.PAPER, r.options().mode());
        assertTrue(r.options().paperGeometry());
        assertTrue(EvaluationRequest.of(input(Map.of("paperGeometry", true))).options().paperGeometry());
    }

    @Test
    void badOptionsAreInputErrorsNamingTheValue() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("selection", "best-on-test"),
                Map.of("metricMode", "mm"), Map.of("paperGeometry", "yes"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> EvaluationRequest.of(input(bad)), bad.toString());
            assertTrue(e.getMessage().contains(bad.values().iterator().next().toString()), e.getMessage());
        }
    }

    @Test
    void aSweepSectionTakesOnlyTheEvaluationKeys() {
        UnknownKeyException e = assertThrows(UnknownKeyException.class, () -> EvaluationRequest.ofSection(
                TaskInput.section("section 'evaluation' of s.yaml", "fix it", Map.of("metricmode", "paper"))));
        assertEquals("'metricmode' in the section 'evaluation' of s.yaml is not a known key; did you mean"
                + " 'metricMode'? the known keys are [metricMode, paperGeometry, selection]: fix it", e.getMessage());
        assertEquals(MetricMode.PAPER, EvaluationRequest.ofSection(TaskInput.section("s", "fix it",
                Map.of("metricMode", "paper"))).options().mode());
    }

    private static TaskInput input(Map<String, Object> values) {
        return TaskInput.of(EvaluateWorker.TASK, values);
    }
}
