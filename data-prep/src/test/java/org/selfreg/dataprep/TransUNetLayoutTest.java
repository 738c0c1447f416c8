package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;

/** TransUNet's preprocessed layout, from fixtures written by numpy and h5py (src/test/python/make_transunet_fixtures.py). */
class TransUNetLayoutTest {

    private static final PreprocessConfig CONFIG = PreprocessConfig.synapseDefaults()
            .withLabelMap(PreprocessConfig.SYNAPSE_IDENTITY);
    private static final List<String> TEST_ORDER = List.of("case0008", "case0001", "case0002");

    @TempDir
    Path tmp;
    Path input;

    @BeforeEach
    void copyFixtures() throws Exception {
        Path fixtures = Path.of(getClass().getResource("/transunet/expected.json").toURI()).getParent();
        input = tmp.resolve("transunet");
        try (Stream<Path> walk = Files.walk(fixtures)) {
            for (Path p : walk.toList()) {
                Path target = input.resolve(fixtures.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void isDetectedAndKeepsTheListedTestOrderWithAValidationCaseHeldOut() {
        assertEquals(InputLayout.TRANSUNET, InputLayout.detect(input));
        PreparedDataset ds = new Preprocessor().prepare(input, tmp.resolve("out"), CONFIG);
        assertEquals(TEST_ORDER, ds.testCases());
        assertEquals(1, ds.valCases().size());
        String val = ds.valCases().getFirst();
        assertTrue(Set.of("case0005", "case0006", "case0007", "case0009").contains(val), val);
        assertTrue(ds.trainSlices().stream().noneMatch(s -> s.startsWith(val)), "validation is held out of training");
        assertEquals(12 - slicesOf(val), ds.trainSlices().size());
        assertEquals(ds, PreparedDataset.load(ds.dir()));
        DatasetManifest manifest = DatasetManifest.read(ds.dir());
        assertEquals("transunet", manifest.config().get("layout"));
        assertTrue(manifest.config().get("geometry").toString().contains("identity affine"));
    }

    @Test
    void slicesAreCopiedAsTheyAreWithUint8Labels() {
        PreparedDataset ds = new Preprocessor().prepare(input, tmp.resolve("out"), CONFIG);
        for (String slice : ds.trainSlices()) {
            Map<String, NpyArray> source = Npz.read(input.resolve("train_npz").resolve(slice + ".npz"));
            Map<String, NpyArray> ours = Npz.read(ds.slicePath(slice));
            assertEquals("|u1", ours.get("label").dtype());
            assertArrayEquals(source.get("image").asFloat32(), ours.get("image").asFloat32(), slice);
            assertArrayEquals(source.get("label").asUint8(), ours.get("label").asUint8(), slice);
        }
    }

    @Test
    void testVolumesMatchWhatH5pyReadsInEveryStorageLayout() throws Exception {
        PreparedDataset ds = new Preprocessor().prepare(input, tmp.resolve("out"), CONFIG);
        JsonNode expected = new ObjectMapper().readTree(input.resolve("expected.json").toFile());
        for (String c : TEST_ORDER) {
            TestVolume v = TestVolume.read(ds.volumePath(c));
            JsonNode e = expected.get(c);
            assertArrayEquals(new int[] {e.get("shape").get(0).asInt(), e.get("shape").get(1).asInt(),
                    e.get("shape").get(2).asInt()}, new int[] {v.depth(), v.height(), v.width()}, c);
            for (int i = 0; i < v.image().length; i++) {
                assertEquals((float) e.get("image").get(i).asDouble(), v.image()[i], c + " voxel " + i);
                assertEquals(e.get("label").get(i).asInt(), v.label()[i] & 0xFF, c + " voxel " + i);
            }
            assertArrayEquals(new double[] {1, 1, 1}, v.spacing());
            for (int r = 0; r < 4; r++) {
                assertArrayEquals(Affines.identity()[r], v.affine()[r]);
            }
        }
    }

    @Test
    void validationVolumeIsStackedFromItsSlices() {
        PreparedDataset ds = new Preprocessor().prepare(input, tmp.resolve("out"), CONFIG);
        String val = ds.valCases().getFirst();
        TestVolume v = TestVolume.read(ds.volumePath(val));
        assertEquals(slicesOf(val), v.depth());
        for (int z = 0; z < v.depth(); z++) {
            Map<String, NpyArray> slice = Npz.read(input.resolve("train_npz").resolve(String.format("%s_slice%03d.npz", val, z)));
            float[] image = slice.get("image").asFloat32();
            for (int i = 0; i < image.length; i++) {
                assertEquals(image[i], v.image()[z * image.length + i]);
            }
        }
    }

    @Test
    void referenceSplitTrainsOnEveryListedCaseAndPlainListsFolderWorks() throws Exception {
        Path lists = input.resolve("lists");
        for (String name : List.of(DatasetLists.TRAIN, DatasetLists.TEST)) {
            Files.move(lists.resolve("lists_Synapse").resolve(name), lists.resolve(name));
        }
        PreprocessConfig reference = new PreprocessConfig(-125, 275, PreprocessConfig.SYNAPSE_IDENTITY, 0, 0, 0, true);
        PreparedDataset ds = new Preprocessor().prepare(input, InputLayout.TRANSUNET, tmp.resolve("out"), reference,
                ProgressListener.NONE);
        assertEquals(List.of(), ds.valCases());
        assertEquals(12, ds.trainSlices().size());
        assertEquals(TEST_ORDER, ds.testCases());
    }

    @Test
    void corruptH5IsReportedByName() throws Exception {
        Path h5 = input.resolve("test_vol_h5/case0001.npy.h5");
        byte[] bytes = Files.readAllBytes(h5);
        Files.write(h5, Arrays.copyOf(bytes, bytes.length / 3));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(input, tmp.resolve("out"), CONFIG));
        assertTrue(e.getMessage().contains("case0001.npy.h5"), e.getMessage());
    }

    @Test
    void missingListedSliceAndUnmappedLabelsAreReportedByName() throws Exception {
        Files.delete(input.resolve("train_npz/case0006_slice002.npz"));
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> new Preprocessor()
                .prepare(input, tmp.resolve("out"), CONFIG.withSplit(0, 0, 1).withLabelMap(PreprocessConfig.SYNAPSE_IDENTITY)));
        assertTrue(missing.getMessage().contains("case0006_slice002.npz"), missing.getMessage());

        InvalidInputException unmapped = assertThrows(InvalidInputException.class, () -> new Preprocessor()
                .prepare(input, tmp.resolve("out"), CONFIG.withLabelMap(Map.of(0, 0, 1, 1))));
        assertTrue(unmapped.getMessage().contains("label value"), unmapped.getMessage());
    }

    @Test
    void listWithPathTraversalIsRejected() throws Exception {
        Files.writeString(input.resolve("lists/lists_Synapse/test_vol.txt"), "case0008\n../../etc/passwd\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(input, tmp.resolve("out"), CONFIG));
        assertTrue(e.getMessage().contains("test_vol.txt line 2"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out").resolve(DatasetManifest.FILE_NAME)));
    }

    private static int slicesOf(String caseName) {
        return Map.of("case0005", 3, "case0006", 4, "case0007", 2, "case0009", 3).get(caseName);
    }
}
