package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;

/** Plain NIfTI image/label pairs with a user label map, and layout detection. */
class NiftiPairsLayoutTest {

    private static final int N = 4;
    private static final int SLICES = 3;

    @TempDir
    Path tmp;
    Path input;
    Path labelMapFile;

    @BeforeEach
    void writePairs() throws Exception {
        input = tmp.resolve("pairs");
        Files.createDirectories(input.resolve("images"));
        Files.createDirectories(input.resolve("labels"));
        for (String name : new String[] {"liver-a", "liver-b", "liver-c", "liver-d"}) {
            float[] image = new float[N * N * SLICES];
            float[] label = new float[image.length];
            for (int i = 0; i < image.length; i++) {
                image[i] = -200 + 25 * i;
                label[i] = new int[] {0, 1, 2, 7}[i % 4];
            }
            NiftiWriter.write(input.resolve("images").resolve(name + ".nii.gz"),
                    new NiftiVolume(N, N, SLICES, image, Affines.identity(), NiftiDataType.INT16), NiftiDataType.INT16);
            NiftiWriter.write(input.resolve("labels").resolve(name + ".nii"),
                    new NiftiVolume(N, N, SLICES, label, Affines.identity(), NiftiDataType.UINT8), NiftiDataType.UINT8);
        }
        labelMapFile = tmp.resolve("labels.json");
        Files.writeString(labelMapFile, "{\"1\": 1, \"2\": 2, \"7\": 3}");
    }

    @Test
    void pairsAreRemappedWithTheUserMap() {
        assertEquals(InputLayout.NIFTI, InputLayout.detect(input));
        Map<Integer, Integer> map = LabelMaps.read(labelMapFile);
        assertEquals(Map.of(0, 0, 1, 1, 2, 2, 7, 3), map);
        PreprocessConfig config = PreprocessConfig.synapseDefaults().withLabelMap(map).withSplit(1, 1, 3);
        PreparedDataset ds = new Preprocessor().prepare(input, tmp.resolve("out"), config);
        assertEquals(4, ds.classes());
        assertEquals(2 * SLICES, ds.trainSlices().size());
        TrainingSlice slice = TrainingSlice.read(ds.slicePath(ds.trainSlices().getFirst()));
        for (int i = 0; i < N * N; i++) {
            assertEquals(new int[] {0, 1, 2, 3}[i % 4], slice.label()[i] & 0xFF);
        }
        assertEquals("nifti", DatasetManifest.read(ds.dir()).config().get("layout"));
    }

    @Test
    void unmappedIdIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(labelMapFile, "{\"1\": 1, \"2\": 2}");
        PreprocessConfig config = PreprocessConfig.synapseDefaults().withLabelMap(LabelMaps.read(labelMapFile))
                .withSplit(1, 1, 3);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(input, tmp.resolve("out"), config));
        assertTrue(e.getMessage().contains("labels/liver-") && e.getMessage().contains("label value 7.0"), e.getMessage());
    }

    @Test
    void badLabelMapsAreRejected() throws Exception {
        Files.writeString(labelMapFile, "{\"1\": 300}");
        assertThrows(InvalidInputException.class, () -> LabelMaps.read(labelMapFile));
        Files.writeString(labelMapFile, "[1, 2]");
        assertThrows(InvalidInputException.class, () -> LabelMaps.read(labelMapFile));
        Files.writeString(labelMapFile, "{\"x\": 1}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabelMaps.read(labelMapFile));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void unknownFolderListsEveryLayoutLookedFor() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> InputLayout.detect(empty));
        for (InputLayout layout : InputLayout.values()) {
            assertTrue(e.getMessage().contains(layout.id() + ": " + layout.expects()), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> InputLayout.named("dicom"));
        assertEquals(InputLayout.BTCV, InputLayout.named("btcv"));
    }
}
