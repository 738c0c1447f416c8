package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatsTest {

    private static ClassMetrics metrics(int classId, double dice, double hd95) {
        return new ClassMetrics(classId, Organs.name(classId), dice, hd95, dice, hd95, hd95, 10, 10);
    }

    private static EvaluationReport report() {
        return new EvaluationReport(MetricMode.CORRECTED, List.of(
                new CaseMetrics("case0001", List.of(metrics(1, 0.9, 2.0), metrics(2, 0.5, 8.0))),
                new CaseMetrics("case0002", List.of(metrics(1, 0.7, 4.0),
                        new ClassMetrics(2, "right kidney", Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                                Double.NaN, 3, 0)))));
    }

    @Test
    void averagesOverCasesThenClassesLeavingOutNaN() {
        EvaluationReport r = report();
        assertEquals(0.8, r.classes().get(0).meanDice(), 1e-12);
        assertEquals(3.0, r.classes().get(0).meanHd95(), 1e-12);
        assertEquals(0.5, r.classes().get(1).meanDice(), 1e-12);
        assertEquals(1, r.classes().get(1).absentCases());
        assertEquals(0.65, r.meanDice(), 1e-12);
        assertEquals(5.5, r.meanHd95(), 1e-12);
    }

    @Test
    void transUnetLogUsesTheReferenceLineFormats() {
        List<String> lines = ReportFormats.transUnetLog(report()).lines().toList();
        assertEquals(List.of(
                "idx 0 case case0001 mean_dice 0.700000 mean_hd95 5.000000",
                "idx 1 case case0002 mean_dice 0.700000 mean_hd95 4.000000",
                "Mean class 1 mean_dice 0.800000 mean_hd95 3.000000",
                "Mean class 2 mean_dice 0.500000 mean_hd95 8.000000",
                "Testing performance in best val model: mean_dice : 0.650000 mean_hd95 : 5.500000"), lines);
    }

    @Test
    void csvHasOneRowPerCaseAndClassPlusMeans() {
        List<String> lines = ReportFormats.csv(report()).lines().toList();
        assertEquals(1 + 4 + 2 + 1, lines.size());
        assertEquals("case0002,2,right kidney,,,,,,3,0", lines.get(4));
        assertTrue(lines.get(7).startsWith("mean,,all,0.65"), lines.get(7));
    }

    @Test
    void markdownNamesOrgansAndUnits() {
        String md = ReportFormats.markdown(report());
        assertTrue(md.contains("distances in mm"), md);
        assertTrue(md.contains("| 1 | spleen | 0.8000 | 3.00 |"), md);
        assertTrue(md.contains("| 2 | right kidney | 0.5000 | 8.00 |"), md);
    }
}
