package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.synthetic.AcdcGenerator;
import org.selfreg.infra.sweep.SweepRequest;

/**
 * A tiny ACDC sweep through the real local stack: generated patients in ACDC's distributed layout are prepared
 * ({@code layout: acdc}), a shrunk {@code unet-acdc} trial trains on them and is evaluated, and the dataset in S3
 * describes itself as ACDC.
 */
class AcdcSweepSystemTest {

    @Test
    void aTinyAcdcSweepPreparesTrainsAndEvaluatesGeneratedPatients() throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "system-test")).toAbsolutePath();
        Path patients = Files.createTempDirectory(workDir, "acdc-");
        AcdcGenerator.write(patients, 4, 5);
        // Two training patients (4 frames, 32 slices), one validation and one test patient.
        Map<String, Object> dataset = Map.of("source", "raw", "path", patients.toString(), "layout", "acdc",
                "valCases", 1, "testCases", 1, "splitSeed", 3);
        Map<String, Object> trial = Map.of("preset", "unet-acdc", "epochs", 2, "baseWidth", 4, "imageSize", 32,
                "batchSize", 8, "seed", 7);
        SweepRequest request = new SweepRequest("selfreg-acdc-system-test", "acdc-tiny", dataset,
                SweepRequest.lambdaGrid(List.of(0.1)), trial, Map.of());

        FinishedSweep sweep = FinishedSweep.run(request, workDir);

        assertTrue(sweep.metrics().containsAll(Set.of("mean_dice", "mean_jaccard", "mean_assd", "dice_left_ventricle",
                "dice_myocardium", "dice_right_ventricle")), sweep.metrics()::toString);
        assertFalse(sweep.metrics().stream().anyMatch(m -> m.contains("spleen")),
                () -> "no Synapse organ: " + sweep.metrics());
        DatasetManifest manifest = sweep.manifest();
        assertEquals(DatasetDescription.acdc(), manifest.description());
        assertEquals("acdc", manifest.config().get("layout"));
        String testPatient = manifest.testCases().getFirst().replace("_ED", "");
        assertEquals(List.of(testPatient + "_ED", testPatient + "_ES"), manifest.testCases(),
                "both frames of the test patient");
    }
}
