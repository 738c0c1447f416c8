package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.ReferencePython;
import org.selfreg.dataprep.TestVolume;

/**
 * Reads exported predictions back with nibabel (the reference's reader, from {@link ReferencePython}'s environment)
 * and checks shape, dtype, affine and content.
 */
class NibabelReadbackTest {

    private static final String SCRIPT = String.join("\n",
            "import sys, nibabel as nib",
            "img = nib.load(sys.argv[1])",
            "print(*img.shape)",
            "print(img.get_data_dtype())",
            "print(*img.affine.ravel().tolist())",
            "print(''.join(nib.aff2axcodes(img.affine)))",
            "print(float(img.get_fdata().sum()))");

    @TempDir
    Path tmp;

    @Test
    void sourceGeometryExportReadsBackInNibabel() throws Exception {
        List<String> out = exportAndRead(EvaluationOptions.defaults(), "case0001_pred.nii.gz");
        assertEquals("24 20 4", out.get(0));
        assertEquals("uint8", out.get(1));
        assertAffine(Volumes.AFFINE, out.get(2));
        assertEquals("LPS", out.get(3));
        assertEquals(labelSum(), Double.parseDouble(out.get(4)), 1e-6);
    }

    @Test
    void paperGeometryExportMatchesWhatSimpleItkWrites() throws Exception {
        List<String> out = exportAndRead(EvaluationOptions.paper(), "case0001_img.nii.gz");
        assertEquals("float32", out.get(1));
        assertAffine(PredictionExporter.paperAffine(1.0), out.get(2));
        assertEquals("LPS", out.get(3));
    }

    private static double labelSum() {
        double sum = 0;
        for (byte b : Volumes.boxes("case0001", 4, 20, 24).label()) {
            sum += b;
        }
        return sum;
    }

    private List<String> exportAndRead(EvaluationOptions options, String file) throws Exception {
        TestVolume volume = Volumes.boxes("case0001", 4, 20, 24);
        Path dataset = tmp.resolve("dataset");
        Files.createDirectories(dataset.resolve("test_vol"));
        volume.write(dataset.resolve("test_vol/case0001.npz"));
        Path outDir = tmp.resolve("out");
        new Evaluator().evaluate(dataset, DatasetDescription.synapse(), List.of("case0001"), new LabelEchoPredictor(20, 24, 9),
                ModelSelection.onValidation(List.of("last")), options, outDir);
        return runNibabel(outDir.resolve(Evaluator.PREDICTIONS).resolve(file));
    }

    private static List<String> runNibabel(Path nifti) throws Exception {
        return ReferencePython.run(SCRIPT, nifti.toString()).lines().toList();
    }

    private static void assertAffine(double[][] expected, String line) {
        double[] actual = Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[r][c], actual[4 * r + c], 1e-5, "affine[" + r + "][" + c + "]");
            }
        }
    }
}
