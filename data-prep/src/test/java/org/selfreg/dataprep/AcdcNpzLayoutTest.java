package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;
import org.selfreg.dataprep.synthetic.AcdcGenerator;
import org.selfreg.dataprep.synthetic.AcdcNpzGenerator;

/** MT-UNet's preprocessed ACDC archive, on an archive from {@link AcdcNpzGenerator}. */
class AcdcNpzLayoutTest {

    @TempDir
    Path tmp;
    Path input;
    Map<String, List<String>> lists;

    @BeforeEach
    void generate() {
        input = tmp.resolve("ACDC");
        lists = AcdcNpzGenerator.write(input, 10, 3);
    }

    @Test
    void theArchivesListsAreTheSplitAndItsNamesAreKept() {
        assertEquals(InputLayout.ACDC_NPZ, InputLayout.detect(input));
        PreparedDataset ds = new Preprocessor(2).prepare(input, tmp.resolve("out"), PreprocessConfig.acdcDefaults());
        assertEquals(List.of("case_001_volume_ED", "case_001_volume_ES", "case_002_volume_ED", "case_002_volume_ES"),
                ds.testCases());
        assertEquals(List.of("case_003_volume_ED", "case_003_volume_ES"), ds.valCases());
        assertEquals(lists.get("train").stream().map(n -> n.substring(0, n.length() - 4)).sorted().toList(),
                ds.trainSlices());
        DatasetManifest manifest = DatasetManifest.read(ds.dir());
        assertEquals(DatasetDescription.acdc(), manifest.description());
        assertEquals("acdc-npz", manifest.config().get("layout"));
        assertTrue(manifest.config().get("intensity").toString().contains("as stored"));
        assertTrue(manifest.entries().stream().filter(e -> e.split().equals("train"))
                .allMatch(e -> e.caseName().matches("case_\\d{3}_volume_E[DS]")));
    }

    @Test
    void slicesAndTestVolumesAreCopiedAsStoredWithUnitGeometry() {
        PreparedDataset ds = new Preprocessor(1).prepare(input, tmp.resolve("out"), PreprocessConfig.acdcDefaults());
        String slice = ds.trainSlices().getFirst();
        Map<String, NpyArray> source = Npz.read(input.resolve("train").resolve(slice + ".npz"));
        TrainingSlice ours = TrainingSlice.read(ds.slicePath(slice));
        assertArrayEquals(source.get("img").asFloat32(), ours.image());
        assertArrayEquals(source.get("label").asUint8(), ours.label());

        Map<String, NpyArray> test = Npz.read(input.resolve("test").resolve("case_002_volume_ES.npz"));
        TestVolume volume = TestVolume.read(ds.volumePath("case_002_volume_ES"));
        assertArrayEquals(test.get("img").asFloat32(), volume.image());
        assertArrayEquals(test.get("label").asUint8(), volume.label());
        assertArrayEquals(new double[] {1, 1, 1}, volume.spacing());
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(Affines.identity()[r], volume.affine()[r]);
        }
    }

    @Test
    void aValidationVolumeIsItsSlicesStackedInTheOrderOfK() {
        PreparedDataset ds = new Preprocessor(1).prepare(input, tmp.resolve("out"), PreprocessConfig.acdcDefaults());
        TestVolume volume = TestVolume.read(ds.volumePath("case_003_volume_ED"));
        assertEquals(AcdcGenerator.SLICES, volume.depth());
        int plane = volume.planeSize();
        for (int k = 0; k < volume.depth(); k++) {
            Map<String, NpyArray> slice = Npz.read(input.resolve("valid").resolve("case_003_sliceED_" + k + ".npz"));
            float[] image = slice.get("img").asFloat32();
            for (int i = 0; i < plane; i++) {
                assertEquals(image[i], volume.image()[k * plane + i], "slice " + k + " pixel " + i);
            }
        }
    }

    @Test
    void theDigestIsDeterministic() {
        String first = new Preprocessor(2).prepare(input, tmp.resolve("a"), PreprocessConfig.acdcDefaults()).digest();
        Path again = tmp.resolve("again");
        AcdcNpzGenerator.write(again, 10, 3);
        assertEquals(first, new Preprocessor(1).prepare(again, tmp.resolve("b"), PreprocessConfig.acdcDefaults())
                .digest());
    }
}
