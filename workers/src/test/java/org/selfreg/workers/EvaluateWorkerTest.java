package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.eval.CaseMetrics;
import org.selfreg.eval.ClassMetrics;
import org.selfreg.eval.EvaluationReport;
import org.selfreg.eval.MetricMode;
import org.selfreg.eval.ModelSelection;
import org.selfreg.eval.ReportMetrics;
import org.selfreg.eval.TestSetSelection;

/** The worker's pure parts: checkpoint discovery, MLflow keys and the task output. */
class EvaluateWorkerTest {

    private static final URI EVALUATION = URI.create("s3://bucket/mlflow/1/run/artifacts/evaluation");

    @Test
    void checkpointNamesAreTheParamsFilesOfTheFolder(@TempDir Path dir) throws Exception {
        for (String f : List.of("best.params", "best.json", "best.optimizer.npz", "last.params", "last.json",
                "last.params.tmp")) {
            Files.writeString(dir.resolve(f), "");
        }
        assertEquals(List.of("best", "last"), EvaluateWorker.checkpointNames(dir));
    }

    @Test
    void correctedMetricsCarryEmptyMaskCountsAndSkipNaN() {
        EvaluationReport report = report(MetricMode.CORRECTED, ModelSelection.onValidation(List.of("best")), 0.8);
        Map<String, Double> m = ReportMetrics.of(report, "");
        assertEquals((0.8 + 0.0) / 2, m.get("mean_dice"), 1e-12, "a missed organ scores 0, an absent one is left out");
        assertEquals(0.8, m.get("dice_spleen"), 1e-12);
        assertEquals(2.0, m.get("hd95_spleen"), 1e-12);
        assertEquals(0.0, m.get("absent_spleen"));
        assertEquals(1.0, m.get("absent_right_kidney"));
        assertEquals(1.0, m.get("missed_left_kidney"));
        assertFalse(m.containsKey("dice_right_kidney"), "NaN is not logged");
        assertFalse(m.containsKey("hd95_left_kidney"), "NaN is not logged");

        Map<String, Double> paper = ReportMetrics.of(
                report(MetricMode.PAPER, ModelSelection.onValidation(List.of("best")), 0.8), "testsel_");
        assertEquals(0.8, paper.get("testsel_dice_spleen"), 1e-12);
        assertTrue(paper.keySet().stream().allMatch(k -> k.startsWith("testsel_")), paper.toString());
        assertTrue(paper.keySet().stream().noneMatch(k -> k.contains("absent") || k.contains("missed")),
                "counts only where corrected mode leaves masks out: " + paper);
    }

    @Test
    void metricNamesComeFromTheDatasetsClassesAndProtocol() {
        DatasetDescription acdc = new DatasetDescription("acdc", List.of("background", "RV cavity (right)", "myo"),
                1, 3, DatasetDescription.LabelRule.CLASS_MAP, DatasetDescription.Protocol.ACDC);
        EvaluationReport report = new EvaluationReport(acdc, MetricMode.PAPER,
                ModelSelection.onValidation(List.of("best")), List.of(new CaseMetrics("case_002_volume_ED", List.of(
                        new ClassMetrics(1, "RV cavity (right)", 0.9, 2.0, 0.8, 1.0, 2.0, 10, 10),
                        new ClassMetrics(2, "myo", 0.7, 3.0, 0.6, 1.5, 3.0, 10, 10)))));
        Map<String, Double> m = ReportMetrics.of(report, "");
        assertEquals(0.9, m.get("dice_rv_cavity__right_"), 1e-12);
        assertEquals(0.7, m.get("mean_jaccard"), 1e-12);
        assertEquals(1.25, m.get("mean_assd"), 1e-12);
        assertEquals(3.0, m.get("hd95_myo"), 1e-12);
        assertTrue(m.keySet().stream().allMatch(k -> k.matches("[a-z0-9_\\-./]+")), m.toString());
        assertEquals("acdc", EvaluateWorker.tags(report, null).get("eval_protocol"));
    }

    @Test
    void tagsAndOutputNameTheSelectedCheckpointAndTheTestSetChoice() {
        EvaluationReport honest = report(MetricMode.CORRECTED, ModelSelection.onValidation(List.of("last")), 0.7);
        Map<String, EvaluationReport> candidates = new LinkedHashMap<>();
        candidates.put("last", honest.withSelection(ModelSelection.testSetCandidate("last")));
        candidates.put("epoch_9", report(MetricMode.CORRECTED, ModelSelection.testSetCandidate("epoch_9"), 0.9));
        TestSetSelection testSet = new TestSetSelection(candidates);

        Map<String, String> tags = EvaluateWorker.tags(honest, testSet);
        assertEquals("last", tags.get("selected_checkpoint"));
        assertTrue(tags.get("selection").contains("no validation-selected checkpoint"), tags.get("selection"));
        assertEquals("epoch_9", tags.get("testsel_checkpoint"));
        assertEquals("test-set selection (optimistic)", tags.get("testsel_selection"));

        Map<String, Object> out = EvaluateWorker.output(honest, testSet, EVALUATION, 1.5);
        assertEquals(0.35, (Double) out.get("meanDice"), 1e-12);
        assertEquals("last", out.get("selectedCheckpoint"));
        assertEquals(EVALUATION + "/report.md", out.get("reportUri"));
        @SuppressWarnings("unchecked")
        Map<String, Object> perClass = (Map<String, Object>) out.get("perClass");
        assertNull(((Map<?, ?>) perClass.get("right kidney")).get("dice"), "NaN becomes null in JSON");
        @SuppressWarnings("unchecked")
        Map<String, Object> optimistic = (Map<String, Object>) out.get("testSetSelection");
        assertEquals("epoch_9", optimistic.get("checkpoint"));
        assertEquals(0.45, (Double) optimistic.get("meanDice"), 1e-12);
        assertEquals(EVALUATION + "/test-set-selection/report.md", optimistic.get("reportUri"));
        assertFalse(EvaluateWorker.output(honest, null, EVALUATION, 1.5).containsKey("testSetSelection"));
    }


    /** Spleen scored, right kidney absent from the truth, left kidney missed by the prediction. */
    private static EvaluationReport report(MetricMode mode, ModelSelection selection, double spleenDice) {
        return new EvaluationReport(DatasetDescription.synapse(), mode, selection, List.of(new CaseMetrics("case0001", List.of(
                new ClassMetrics(1, "spleen", spleenDice, 2.0, spleenDice, 1.0, 2.0, 10, 10),
                new ClassMetrics(2, "right kidney", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0),
                new ClassMetrics(3, "left kidney", 0.0, Double.NaN, 0.0, Double.NaN, Double.NaN, 0, 5)))));
    }
}
