package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;

class PreprocessorTest {

    private static final PreprocessConfig CONFIG = PreprocessConfig.synapseDefaults();

    @TempDir
    Path tmp;
    Path raw;

    @BeforeEach
    void generate() {
        raw = tmp.resolve("raw");
        SyntheticCtGenerator.generate(raw, new SyntheticSpec(5, 32, 6, 9, 11));
    }

    @Test
    void writesTheTransUNetLayout() {
        PreparedDataset ds = new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG);
        assertEquals(2, ds.testCases().size());
        assertEquals(1, ds.valCases().size());
        assertEquals(9, ds.classes());
        Set<String> all = new HashSet<>(ds.testCases());
        all.addAll(ds.valCases());
        List<String> train = ds.trainSlices().stream().map(s -> s.substring(0, 8)).distinct().toList();
        assertEquals(2, train.size());
        all.addAll(train);
        assertEquals(Set.of("case0001", "case0002", "case0003", "case0004", "case0005"), all);

        for (String c : train) {
            int slices = NiftiReader.read(raw.resolve("img/img" + c.substring(4) + ".nii.gz")).nz();
            for (int z = 0; z < slices; z++) {
                String name = String.format("%s_slice%03d", c, z);
                assertTrue(ds.trainSlices().contains(name), name);
                assertTrue(Files.isRegularFile(ds.slicePath(name)), name);
            }
            assertFalse(Files.exists(ds.volumePath(c)));
        }
        String val = ds.valCases().getFirst();
        assertTrue(Files.isRegularFile(ds.slicePath(val + "_slice000")), "validation slices are written");
        assertTrue(ds.trainSlices().stream().noneMatch(s -> s.startsWith(val)), "but not listed for training");
        for (String c : all) {
            assertEquals(!train.contains(c), Files.isRegularFile(ds.volumePath(c)), c);
        }
        assertEquals(ds, PreparedDataset.load(ds.dir()));
    }

    @Test
    void windowsImagesAndRemapsLabelsSliceBySlice() {
        PreparedDataset ds = new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG);
        String name = ds.trainSlices().get(3);
        TrainingSlice slice = TrainingSlice.read(ds.slicePath(name));
        String id = name.substring(4, 8);
        int z = Integer.parseInt(name.substring(name.length() - 3));
        NiftiVolume img = NiftiReader.read(raw.resolve("img/img" + id + ".nii.gz"));
        NiftiVolume seg = NiftiReader.read(raw.resolve("label/label" + id + ".nii.gz"));
        assertEquals(img.ny(), slice.height());
        assertEquals(img.nx(), slice.width());
        for (int y = 0; y < img.ny(); y++) {
            for (int x = 0; x < img.nx(); x++) {
                double hu = Math.min(275, Math.max(-125, img.at(x, y, z)));
                int i = y * img.nx() + x;
                assertEquals((float) ((hu + 125) / 400), slice.image()[i], 1e-7);
                int rawId = (int) seg.at(x, y, z);
                assertEquals((int) PreprocessConfig.BTCV_TO_SYNAPSE.get(rawId), slice.label()[i] & 0xFF);
            }
        }
    }

    @Test
    void windowGivesTheBitsOfClipThenScaleAtTheEdgesToo() {
        float[] edges = {-0.0f, 0.0f, -1e-30f, 1e-30f, -125, 275, -125.00001f, 275.00003f, 100, -3000, 3000, 0.3f};
        for (int c = 1; c <= 5; c++) {
            Path file = raw.resolve("img/img000" + c + ".nii.gz");
            NiftiVolume img = NiftiReader.read(file);
            float[] data = img.data().clone();
            for (int i = 0; i < data.length; i += 2) {
                data[i] = edges[(i / 2) % edges.length];
            }
            NiftiWriter.write(file, new NiftiVolume(img.nx(), img.ny(), img.nz(), data, img.affine(), img.storedType()),
                    NiftiDataType.FLOAT32);
        }
        // A window from +0.0 is the one where keeping a -0.0 voxel's sign takes care.
        for (double[] window : new double[][] {{-125, 275}, {0, 100}}) {
            double lo = window[0];
            double hi = window[1];
            PreparedDataset ds = new Preprocessor().prepare(raw, tmp.resolve("out" + lo),
                    new PreprocessConfig(lo, hi, CONFIG.labelMap(), 1, 2, 42));
            String name = ds.trainSlices().getFirst();
            float[] image = TrainingSlice.read(ds.slicePath(name)).image();
            NiftiVolume img = NiftiReader.read(raw.resolve("img/img" + name.substring(4, 8) + ".nii.gz"));
            int plane = img.nx() * img.ny();
            for (int i = 0; i < plane; i++) {
                double v = img.data()[i];
                float want = (float) (((v < lo ? lo : v > hi ? hi : v) - lo) / (hi - lo));
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(image[i]),
                        "window " + lo + ".." + hi + ", voxel " + i + " = " + v);
            }
        }
    }

    @Test
    void volumesKeepTheSourceGeometry() {
        PreparedDataset ds = new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG);
        String c = ds.testCases().getFirst();
        TestVolume v = TestVolume.read(ds.volumePath(c));
        NiftiVolume img = NiftiReader.read(raw.resolve("img/img" + c.substring(4) + ".nii.gz"));
        assertEquals(c, v.caseName());
        assertEquals(img.nz(), v.depth());
        assertArrayEquals(img.spacing(), v.spacing());
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(img.affine()[r], v.affine()[r]);
        }
        Set<Integer> classes = new HashSet<>();
        for (byte b : v.label()) {
            classes.add(b & 0xFF);
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8), classes);
    }

    @Test
    void sameInputAndConfigGiveTheSameDigestWhateverTheThreadCount() {
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        PreparedDataset a = new Preprocessor(1).prepare(raw, tmp.resolve("a"), CONFIG,
                (c, done, total) -> progress.add(done + "/" + total));
        PreparedDataset b = new Preprocessor(2).prepare(raw, tmp.resolve("b"), CONFIG);
        assertEquals(a.digest(), b.digest());
        assertEquals(List.of("1/5", "2/5", "3/5", "4/5", "5/5"), progress);

        PreparedDataset window = new Preprocessor().prepare(raw, tmp.resolve("c"),
                new PreprocessConfig(-125, 300, CONFIG.labelMap(), 1, 2, 42));
        PreparedDataset split = new Preprocessor().prepare(raw, tmp.resolve("d"), CONFIG.withSplit(1, 2, 43));
        assertNotEquals(a.digest(), window.digest());
        assertNotEquals(a.digest(), split.digest());
    }

    @Test
    void rerunningIntoTheSameFolderReplacesEarlierOutput() throws Exception {
        Path out = tmp.resolve("out");
        PreparedDataset first = new Preprocessor().prepare(raw, out, CONFIG);
        Files.writeString(out.resolve(PreparedDataset.TRAIN_DIR).resolve("stale.npz"), "x");
        PreparedDataset second = new Preprocessor().prepare(raw, out, CONFIG);
        assertEquals(first.digest(), second.digest());
        assertFalse(Files.exists(out.resolve(PreparedDataset.TRAIN_DIR).resolve("stale.npz")));
    }

    @Test
    void rejectsLabelsOutsideTheMap() {
        Map<Integer, Integer> noAdrenals = new TreeMap<>(PreprocessConfig.BTCV_TO_SYNAPSE);
        noAdrenals.remove(12);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Preprocessor().prepare(raw,
                tmp.resolve("out"), new PreprocessConfig(-125, 275, noAdrenals, 1, 2, 42)));
        assertTrue(e.getMessage().contains("label value 12.0") && e.getMessage().contains(".nii.gz"), e.getMessage());
    }

    @Test
    void rejectsLabelOnAnotherGrid() {
        NiftiVolume seg = NiftiReader.read(raw.resolve("label/label0002.nii.gz"));
        float[] fewer = new float[seg.nx() * seg.ny() * (seg.nz() - 1)];
        NiftiWriter.write(raw.resolve("label/label0002.nii.gz"),
                new NiftiVolume(seg.nx(), seg.ny(), seg.nz() - 1, fewer, seg.affine(), seg.storedType()), NiftiDataType.UINT8);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG));
        assertTrue(e.getMessage().contains("label0002") && e.getMessage().contains("voxel grid"), e.getMessage());
    }

    @Test
    void rejectsLabelWithAnotherAffine() {
        NiftiVolume seg = NiftiReader.read(raw.resolve("label/label0003.nii.gz"));
        double[][] shifted = seg.affine();
        shifted[0][3] += 5;
        NiftiWriter.write(raw.resolve("label/label0003.nii.gz"),
                new NiftiVolume(seg.nx(), seg.ny(), seg.nz(), seg.data(), shifted, seg.storedType()), NiftiDataType.UINT8);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG));
        assertTrue(e.getMessage().contains("affine"), e.getMessage());
    }

    @Test
    void rejectsNonFiniteIntensities() {
        NiftiVolume img = NiftiReader.read(raw.resolve("img/img0004.nii.gz"));
        float[] data = img.data().clone();
        data[17] = Float.NaN;
        NiftiWriter.write(raw.resolve("img/img0004.nii.gz"),
                new NiftiVolume(img.nx(), img.ny(), img.nz(), data, img.affine(), img.storedType()), NiftiDataType.FLOAT32);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG));
        assertTrue(e.getMessage().contains("img0004") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void rejectsImagesWithoutLabels() throws Exception {
        Files.delete(raw.resolve("label/label0005.nii.gz"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG));
        assertTrue(e.getMessage().contains("label0005"), e.getMessage());
    }

    @Test
    void rejectsTooFewCasesForTheSplit() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG.withSplit(2, 3, 1)));
        assertTrue(e.getMessage().contains("too few"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> new Preprocessor().prepare(raw, tmp.resolve("out"), PreprocessConfig.synapseReference()));
    }

    @Test
    void listReaderRejectsPathTraversal() throws Exception {
        Path list = tmp.resolve("train.txt");
        Files.writeString(list, "case0001_slice000\n\n../../etc/passwd\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DatasetLists.read(list));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(list, "case0001_slice000\ncase0001_slice001\n");
        assertEquals(List.of("case0001_slice000", "case0001_slice001"), DatasetLists.read(list));
    }

    @Test
    void alteredManifestIsDetected() throws Exception {
        PreparedDataset ds = new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG);
        Path manifest = ds.dir().resolve(DatasetManifest.FILE_NAME);
        String json = Files.readString(manifest);
        assertTrue(json.contains("\"right kidney\""), "the manifest names Synapse's classes: " + json);
        Files.writeString(manifest, json.replace("\"right kidney\"", "\"left kidney 2\""));
        assertThrows(InvalidInputException.class, () -> PreparedDataset.load(ds.dir()));
    }

    @Test
    void editedListsAreDetected() throws Exception {
        PreparedDataset ds = new Preprocessor().prepare(raw, tmp.resolve("out"), CONFIG);
        Path train = ds.dir().resolve(PreparedDataset.LIST_DIR).resolve(DatasetLists.TRAIN);
        DatasetLists.write(train, ds.trainSlices().subList(1, ds.trainSlices().size()));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PreparedDataset.load(ds.dir()));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }
}
