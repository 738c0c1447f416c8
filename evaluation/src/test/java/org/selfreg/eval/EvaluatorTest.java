package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;

class EvaluatorTest {

    private static final DatasetDescription SYNAPSE = DatasetDescription.synapse();
    private static final ModelSelection SELECTION = ModelSelection.onValidation(List.of("best", "last"));

    @TempDir
    Path tmp;

    private Path dataset(TestVolume... volumes) throws IOException {
        Path dir = tmp.resolve("dataset");
        Files.createDirectories(dir.resolve("test_vol"));
        for (TestVolume v : volumes) {
            v.write(dir.resolve("test_vol").resolve(v.caseName() + ".npz"));
        }
        return dir;
    }

    @Test
    void perfectModelScoresOneAndExportsWithTheSourceAffine() throws IOException {
        TestVolume volume = Volumes.boxes("case0001", 4, 20, 24);
        Path out = tmp.resolve("out");
        EvaluationReport report = new Evaluator().evaluate(dataset(volume), SYNAPSE, List.of("case0001"),
                new LabelEchoPredictor(20, 24, 9), SELECTION, EvaluationOptions.defaults(), out);

        ClassSummary spleen = report.classes().getFirst();
        assertEquals(1.0, spleen.meanDice());
        assertEquals(0.0, spleen.meanHd95());
        assertEquals(8, report.classes().size());
        // Classes 4..8 are absent: NaN in corrected mode, so the headline averages classes 1..3 only.
        assertEquals(5, report.classes().stream().filter(s -> s.absentCases() == 1).count());
        assertEquals(1.0, report.meanDice());
        assertEquals(0.0, report.meanHd95());

        for (String f : List.of("report.csv", "report.md", "transunet_log.txt")) {
            assertTrue(Files.readString(out.resolve(f)).contains("validation selection"), f);
        }
        NiftiVolume pred = NiftiReader.read(out.resolve("predictions/case0001_pred.nii.gz"));
        NiftiVolume img = NiftiReader.read(out.resolve("predictions/case0001_img.nii.gz"));
        NiftiVolume gt = NiftiReader.read(out.resolve("predictions/case0001_gt.nii.gz"));
        assertEquals(24, pred.nx());
        assertEquals(20, pred.ny());
        assertEquals(4, pred.nz());
        assertArrayEquals(img.data(), volume.image());
        for (int i = 0; i < volume.label().length; i++) {
            assertEquals(volume.label()[i], (byte) pred.data()[i]);
            assertEquals(volume.label()[i], (byte) gt.data()[i]);
        }
        assertAffine(Volumes.AFFINE, pred.affine());
        assertNoStagingLeft();
    }

    @Test
    void paperOptionsUseVoxelUnitsAndTheReferenceGeometry() throws IOException {
        TestVolume a = Volumes.boxes("case0001", 4, 20, 24);
        TestVolume b = Volumes.boxes("case0002", 3, 20, 24);
        Path out = tmp.resolve("out");
        EvaluationReport report = new Evaluator().evaluate(dataset(a, b), SYNAPSE, List.of("case0001", "case0002"),
                new LabelEchoPredictor(20, 24, 9), SELECTION, EvaluationOptions.paper(), out);

        assertEquals(MetricMode.PAPER, report.mode());
        assertEquals(2, report.cases().size());
        // Absent classes 4..8 predicted empty score (0, 0) in the reference's rule and still count in the mean.
        assertEquals(3.0 / 8, report.meanDice(), 1e-12);
        assertEquals(0.0, report.meanHd95());
        NiftiVolume pred = NiftiReader.read(out.resolve("predictions/case0002_pred.nii.gz"));
        assertAffine(PredictionExporter.paperAffine(1.0), pred.affine());
        List<String> log = Files.readAllLines(out.resolve("transunet_log.txt"));
        assertTrue(log.get(0).endsWith("metric mode paper)"), log.get(0));
        assertTrue(log.get(1).startsWith("idx 0 case case0001 mean_dice "), log.get(1));
        assertTrue(log.get(2).startsWith("idx 1 case case0002 mean_dice "), log.get(2));
    }

    @Test
    void labelsOutsideTheModelClassesAreRejectedAndNothingIsLeft() throws IOException {
        TestVolume volume = Volumes.boxes("case0003", 2, 8, 8);
        volume.label()[5] = 12;
        Path dataset = dataset(volume);
        Path out = tmp.resolve("out");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Evaluator().evaluate(
                dataset, SYNAPSE, List.of("case0003"), new LabelEchoPredictor(8, 8, 9), SELECTION, EvaluationOptions.defaults(),
                out));
        assertTrue(e.getMessage().contains("case0003.npz") && e.getMessage().contains("label value 12"),
                e.getMessage());
        assertFalse(Files.exists(out));
        assertNoStagingLeft();
    }

    @Test
    void missingCaseIsReportedWithItsPath() throws IOException {
        Path dataset = dataset(Volumes.boxes("case0001", 2, 8, 8));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Evaluator().evaluate(
                dataset, SYNAPSE, List.of("case0001", "case0099"), new LabelEchoPredictor(8, 8, 9), SELECTION,
                EvaluationOptions.defaults(), tmp.resolve("out")));
        assertTrue(e.getMessage().contains("case0099.npz"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    private void assertNoStagingLeft() throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().contains("staging")));
        }
    }

    static void assertAffine(double[][] expected, double[][] actual) {
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(expected[r], actual[r], 1e-5, "affine row " + r);
        }
    }
}
