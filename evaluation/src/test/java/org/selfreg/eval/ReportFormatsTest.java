package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetDescription;

class ReportFormatsTest {

    private static final ModelSelection BEST = ModelSelection.onValidation(List.of("best", "last"));

    private static ClassMetrics metrics(int classId, double dice, double hd95) {
        return new ClassMetrics(classId, DatasetDescription.SYNAPSE_CLASSES.get(classId), dice, hd95, dice, hd95, hd95, 10, 10);
    }

    private static EvaluationReport report() {
        return new EvaluationReport(DatasetDescription.synapse(), MetricMode.CORRECTED, BEST, List.of(
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
    void transUnetLogUsesTheReferenceLineFormatsAfterTheProvenance() {
        List<String> lines = ReportFormats.transUnetLog(report()).lines().toList();
        assertEquals(List.of(
                "best.params (validation selection (best validation Dice), metric mode corrected)",
                "idx 0 case case0001 mean_dice 0.700000 mean_hd95 5.000000",
                "idx 1 case case0002 mean_dice 0.700000 mean_hd95 4.000000",
                "Mean class 1 mean_dice 0.800000 mean_hd95 3.000000",
                "Mean class 2 mean_dice 0.500000 mean_hd95 8.000000",
                "Testing performance in best val model: mean_dice : 0.650000 mean_hd95 : 5.500000"), lines);
    }

    @Test
    void csvHasOneRowPerCaseAndClassPlusMeansEachWithItsProvenance() {
        List<String> lines = ReportFormats.csv(report()).lines().toList();
        assertEquals(1 + 4 + 2 + 1, lines.size());
        assertEquals("case0002,2,right kidney,,,,,,,,3,0,best,validation selection (best validation Dice),corrected",
                lines.get(4));
        assertTrue(lines.get(7).startsWith("mean,,all,0.65"), lines.get(7));
    }

    @Test
    void markdownNamesSelectionModeOrgansUnitsAndCases() {
        String md = ReportFormats.markdown(report());
        assertTrue(md.contains("- Checkpoint: `best`, validation selection (best validation Dice)"), md);
        assertTrue(md.contains("- Metric mode: corrected (distances in mm"), md);
        assertTrue(md.contains("| 1 | spleen | 0.8000 | 3.00 |"), md);
        assertTrue(md.contains("| 2 | right kidney | 0.5000 | 8.00 |"), md);
        assertTrue(md.contains("| case | spleen | right kidney | mean |"), md);
        assertTrue(md.contains("| case0002 | 0.7000 | – | 0.7000 |"), md);
        assertTrue(md.contains("| case0001 | 2.00 | 8.00 | 5.00 |"), md);
    }

    @Test
    void testSetSelectionIsLabelledInEveryFile(@TempDir Path dir) throws Exception {
        EvaluationReport good = report();
        EvaluationReport worse = new EvaluationReport(DatasetDescription.synapse(), MetricMode.CORRECTED, ModelSelection.testSetCandidate("last"),
                List.of(new CaseMetrics("case0001", List.of(metrics(1, 0.2, 9.0), metrics(2, 0.1, 9.0)))));
        Map<String, EvaluationReport> candidates = new LinkedHashMap<>();
        candidates.put("last", worse);
        candidates.put("best", good);
        ReportFormats.writeAll(new TestSetSelection(candidates), dir);

        for (String f : List.of(ReportFormats.CSV, ReportFormats.MARKDOWN, ReportFormats.TRANSUNET_LOG,
                ReportFormats.CANDIDATES_CSV, ReportFormats.CANDIDATES_MARKDOWN)) {
            assertTrue(Files.readString(dir.resolve(f)).contains("test-set selection (optimistic)"), f);
        }
        List<String> log = Files.readAllLines(dir.resolve(ReportFormats.TRANSUNET_LOG));
        assertEquals(5 + 6 + 1, log.size(), "one block per candidate (5 and 6 lines) plus the choice");
        assertEquals("test-set selection (optimistic): best.params mean_dice : 0.650000 mean_hd95 : 5.500000",
                log.getLast());
        assertEquals(List.of("checkpoint,mean_dice,mean_hd95,chosen,selection,metric_mode",
                        "last,0.15000000000000002,9.0,false,test-set selection (optimistic),corrected",
                        "best,0.65,5.5,true,test-set selection (optimistic),corrected"),
                Files.readAllLines(dir.resolve(ReportFormats.CANDIDATES_CSV)));
    }
}
