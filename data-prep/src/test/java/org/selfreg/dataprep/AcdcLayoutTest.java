package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.synthetic.AcdcGenerator;

/** ACDC as the challenge distributes it, on patients from {@link AcdcGenerator}. */
class AcdcLayoutTest {

    private static final PreprocessConfig SPLIT = PreprocessConfig.acdcDefaults().withSplit(1, 1, 5);

    @TempDir
    Path tmp;
    Path input;

    @BeforeEach
    void generate() {
        input = tmp.resolve("acdc");
        AcdcGenerator.write(input, 5, 11);
    }

    @Test
    void eachPatientGivesAnEdAndAnEsCaseOnOneSideOfTheSplit() {
        assertEquals(InputLayout.ACDC, InputLayout.detect(input));
        PreparedDataset ds = new Preprocessor(2).prepare(input, tmp.resolve("out"), SPLIT);
        assertEquals(2, ds.valCases().size());
        assertEquals(2, ds.testCases().size());
        for (List<String> cases : List.of(ds.valCases(), ds.testCases())) {
            String patient = cases.getFirst().substring(0, "patientNNN".length());
            assertEquals(List.of(patient + "_ED", patient + "_ES"), cases);
        }
        Set<String> trainCases = new HashSet<>();
        ds.trainSlices().forEach(s -> trainCases.add(s.substring(0, s.indexOf("_slice"))));
        assertEquals(6, trainCases.size(), "three training patients, two frames each: " + trainCases);
        assertEquals(6 * AcdcGenerator.SLICES, ds.trainSlices().size());
        assertTrue(ds.trainSlices().contains("patient001_ED_slice000")
                || ds.valCases().contains("patient001_ED") || ds.testCases().contains("patient001_ED"));
    }

    @Test
    void volumesKeepLabelsGeometryAndAreScaledToTheUnitRange() {
        PreparedDataset ds = new Preprocessor(1).prepare(input, tmp.resolve("out"), SPLIT);
        String caseName = ds.testCases().getFirst();
        String patient = caseName.substring(0, "patientNNN".length());
        TestVolume volume = TestVolume.read(ds.volumePath(caseName));
        AcdcPatient source = AcdcPatient.read(input.resolve("training").resolve(patient));
        NiftiVolume gt = NiftiReader.read(source.frames().getFirst().label());
        NiftiVolume image = NiftiReader.read(source.frames().getFirst().image());
        assertArrayEquals(new int[] {AcdcGenerator.SLICES, AcdcGenerator.SIZE, AcdcGenerator.SIZE},
                new int[] {volume.depth(), volume.height(), volume.width()});
        for (int i = 0; i < gt.data().length; i++) {
            assertEquals((int) gt.data()[i], volume.label()[i], "voxel " + i);
        }
        assertEquals(Set.of(0, 1, 2, 3), labelsOf(volume.label()));
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(image.affine()[r], volume.affine()[r], 1e-6);
        }
        assertArrayEquals(image.spacing(), volume.spacing(), 1e-6);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : volume.image()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0, min, 1e-6);
        assertEquals(1, max, 1e-6);
    }

    @Test
    void percentileClippingIgnoresTheBrightestHalfPercent() {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 995 ? i % 100 : 1e6f;
        }
        float[] scaled = AcdcIntensities.normalise(Path.of("frame.nii.gz"), values);
        // numpy: percentile([0..99 ×9.95, 1e6 ×5], 99.5) interpolates between 99 and 1e6 at 0.005 of the way.
        assertEquals(1f, scaled[999]);
        assertTrue(scaled[99] > 0.01f && scaled[99] < 0.05f, "a real intensity keeps some range: " + scaled[99]);
        assertEquals(0f, scaled[0]);
    }

    @Test
    void manifestDescribesAcdcAndRecordsTheNormalisationAndTheDigestIsDeterministic() {
        PreparedDataset first = new Preprocessor(2).prepare(input, tmp.resolve("a"), SPLIT);
        PreparedDataset second = new Preprocessor(1).prepare(input, tmp.resolve("b"), SPLIT);
        assertEquals(first.digest(), second.digest());
        DatasetManifest manifest = DatasetManifest.read(first.dir());
        assertEquals(DatasetDescription.acdc(), manifest.description());
        assertEquals(List.of("background", "right ventricle", "myocardium", "left ventricle"),
                manifest.description().classNames());
        assertEquals(DatasetDescription.Protocol.ACDC, manifest.description().protocol());
        assertEquals("acdc", manifest.config().get("layout"));
        assertEquals(AcdcIntensities.RULE, manifest.config().get("intensity"));
        PreparedDataset otherSplit = new Preprocessor(1).prepare(input, tmp.resolve("c"),
                PreprocessConfig.acdcDefaults().withSplit(1, 1, 6));
        assertNotEquals(first.digest(), otherSplit.digest());
    }

    @Test
    void patientFoldersWithoutTrainingFolderAndThe4dCineAreAccepted() throws Exception {
        Path flat = tmp.resolve("flat");
        Files.move(input.resolve("training"), flat);
        Files.writeString(flat.resolve("patient001").resolve("patient001_4d.nii.gz"), "not read");
        assertEquals(InputLayout.ACDC, InputLayout.detect(flat));
        PreparedDataset ds = new Preprocessor(1).prepare(flat, tmp.resolve("out"), SPLIT);
        assertEquals(2, ds.testCases().size());
    }

    @Test
    void referenceSplitIsMtUnetsWithBothFramesOfEachPatient() {
        List<AcdcPatient> all = IntStream.rangeClosed(1, 100)
                .mapToObj(n -> new AcdcPatient(String.format("patient%03d", n), List.of())).toList();
        CaseSplit split = AcdcSplit.of(all, PreprocessConfig.acdcReference(), "acdc");
        assertEquals(140, split.train().size());
        assertEquals(20, split.val().size());
        assertEquals(40, split.test().size());
        assertEquals(List.of("patient019_ED", "patient019_ES"), split.val().subList(0, 2));
        assertEquals(List.of("patient002_ED", "patient002_ES"), split.test().subList(0, 2));
        assertTrue(split.train().contains("patient001_ES") && !split.train().contains("patient095_ED"));

        List<AcdcPatient> some = new ArrayList<>(all);
        some.remove(41);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> AcdcSplit.of(some, PreprocessConfig.acdcReference(), "acdc"));
        assertTrue(e.getMessage().contains("patient042"), e.getMessage());
    }

    @Test
    void seededSplitNeedsPatientsLeftToTrainOn() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Preprocessor(1)
                .prepare(input, tmp.resolve("out"), PreprocessConfig.acdcDefaults().withSplit(2, 3, 1)));
        assertTrue(e.getMessage().contains("patients"), e.getMessage());
    }

    private static Set<Integer> labelsOf(byte[] labels) {
        Set<Integer> ids = new HashSet<>();
        for (byte b : labels) {
            ids.add(b & 0xFF);
        }
        return ids;
    }
}
