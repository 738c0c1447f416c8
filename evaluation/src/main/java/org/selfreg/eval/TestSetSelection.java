package org.selfreg.eval;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authors' protocol: every checkpoint evaluated on the test set, the best one reported. The choice sees the test
 * labels, so its numbers are optimistic; it exists to compare with published results and is labelled
 * {@value ModelSelection#TEST_SET_LABEL} wherever it is reported.
 */
public final class TestSetSelection {

    private final Map<String, EvaluationReport> candidates;
    private final String chosen;

    /**
     * Chooses the highest mean Dice, then the lowest mean HD95, then the earliest candidate.
     *
     * @param candidates each checkpoint's report on the test set, in evaluation order
     */
    public TestSetSelection(Map<String, EvaluationReport> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a test-set selection needs at least one candidate");
        }
        this.candidates = new LinkedHashMap<>(candidates);
        // NaN (nothing scorable) ranks below every number.
        Comparator<EvaluationReport> better = Comparator
                .comparingDouble((EvaluationReport r) -> Double.isNaN(r.meanDice()) ? Double.NEGATIVE_INFINITY
                        : r.meanDice()).reversed()
                .thenComparingDouble(r -> Double.isNaN(r.meanHd95()) ? Double.POSITIVE_INFINITY : r.meanHd95());
        String best = null;
        for (Map.Entry<String, EvaluationReport> e : this.candidates.entrySet()) {
            if (best == null || better.compare(e.getValue(), this.candidates.get(best)) < 0) {
                best = e.getKey();
            }
        }
        this.chosen = best;
    }

    /** Every candidate's report, in evaluation order. */
    public Map<String, EvaluationReport> candidates() {
        return Collections.unmodifiableMap(candidates);
    }

    /** The chosen checkpoint's name. */
    public String chosen() {
        return chosen;
    }

    /** The chosen checkpoint's report, labelled {@value ModelSelection#TEST_SET_LABEL}. */
    public EvaluationReport chosenReport() {
        return candidates.get(chosen).withSelection(ModelSelection.testSetChoice(chosen));
    }
}
