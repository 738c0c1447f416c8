package org.selfreg.dataprep.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;

class SyntheticCtGeneratorTest {

    private static final SyntheticSpec SPEC = new SyntheticSpec(3, 48, 12, 20, 7);

    @TempDir
    Path tmp;

    @Test
    void writesTheRawBtcvLayout() {
        List<String> cases = SyntheticCtGenerator.generate(tmp, SPEC);
        assertEquals(List.of("case0001", "case0002", "case0003"), cases);
        for (int c = 1; c <= 3; c++) {
            NiftiVolume img = NiftiReader.read(tmp.resolve("img/img000" + c + ".nii.gz"));
            NiftiVolume seg = NiftiReader.read(tmp.resolve("label/label000" + c + ".nii.gz"));
            assertEquals(NiftiDataType.INT16, img.storedType());
            assertEquals(NiftiDataType.UINT8, seg.storedType());
            assertEquals(48, img.nx());
            assertTrue(img.nz() >= 12 && img.nz() <= 20, "slices " + img.nz());
            assertArrayEquals(img.affine()[2], seg.affine()[2]);
        }
    }

    @Test
    void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws Exception {
        SyntheticCtGenerator.generate(tmp.resolve("a"), SPEC);
        SyntheticCtGenerator.generate(tmp.resolve("b"), SPEC);
        SyntheticCtGenerator.generate(tmp.resolve("c"), new SyntheticSpec(3, 48, 12, 20, 8));
        for (String f : List.of("img/img0002.nii.gz", "label/label0002.nii.gz")) {
            byte[] a = Files.readAllBytes(tmp.resolve("a").resolve(f));
            assertArrayEquals(a, Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
            assertFalse(Arrays.equals(a, Files.readAllBytes(tmp.resolve("c").resolve(f))), f);
        }
    }

    @Test
    void holdsEveryEvaluatedOrganPlusIdsThatMapToBackground() {
        SyntheticCtGenerator.generate(tmp, SPEC);
        NiftiVolume seg = NiftiReader.read(tmp.resolve("label/label0001.nii.gz"));
        Set<Integer> ids = new HashSet<>();
        for (float v : seg.data()) {
            ids.add((int) v);
        }
        assertTrue(ids.containsAll(List.of(0, 1, 2, 3, 4, 6, 7, 8, 11)), ids.toString());
        assertTrue(ids.stream().anyMatch(List.of(5, 9, 10, 12, 13)::contains), ids.toString());
        assertTrue(ids.stream().allMatch(id -> id >= 0 && id <= 13), ids.toString());
    }

    /** Learnability: apart from the two kidneys (told apart by side), organs differ in mean HU. */
    @Test
    void organsAreDistinctInIntensity() {
        SyntheticCtGenerator.generate(tmp, SPEC);
        NiftiVolume img = NiftiReader.read(tmp.resolve("img/img0001.nii.gz"));
        NiftiVolume seg = NiftiReader.read(tmp.resolve("label/label0001.nii.gz"));
        double[] sum = new double[14];
        int[] count = new int[14];
        for (int i = 0; i < img.data().length; i++) {
            int id = (int) seg.data()[i];
            sum[id] += img.data()[i];
            count[id]++;
        }
        Map<String, Integer> organs = Map.of("spleen", 1, "kidney", 2, "gallbladder", 4, "liver", 6, "stomach", 7,
                "aorta", 8, "pancreas", 11);
        for (var a : organs.entrySet()) {
            for (var b : organs.entrySet()) {
                if (a.getValue() < b.getValue()) {
                    double ma = sum[a.getValue()] / count[a.getValue()];
                    double mb = sum[b.getValue()] / count[b.getValue()];
                    assertTrue(Math.abs(ma - mb) > 10, a.getKey() + " " + ma + " vs " + b.getKey() + " " + mb);
                }
            }
        }
        assertEquals(-1000, img.data()[0], "air in the corner");
    }
}
