package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.DatasetDescription;

/**
 * The whole-case path (one census pass, per-class crops, classes in parallel) must give exactly what scoring each
 * class's full-volume masks gives, which {@link MedpyParityTest} ties to medpy.
 */
class CaseScorerTest {

    private static final int D = 9;
    private static final int H = 21;
    private static final int W = 17;
    private static final double[] SPACING = {2.5, 0.7, 0.9};

    @Test
    void everyClassEqualsItsFullVolumeMaskScoreInBothModes() {
        Random random = new Random(7);
        byte[] truth = blobs(random, 5);
        byte[] prediction = blobs(random, 5);
        prediction[0] = 4; // a class touching the volume corner
        for (MetricMode mode : MetricMode.values()) {
            List<ClassMetrics> actual = CaseScorer.score("c", prediction, truth, D, H, W, SPACING, names(6), mode)
                    .classes();
            assertEquals(5, actual.size());
            for (int c = 1; c < 6; c++) {
                ClassMetrics expected = ClassScorer.score(c, "class " + c, BinaryMask.ofClass(prediction, D, H, W, c),
                        BinaryMask.ofClass(truth, D, H, W, c), mode, SPACING);
                assertEquals(expected, actual.get(c - 1), mode + " class " + c);
            }
        }
    }

    @Test
    void fixtureMasksAsOneClassOfALabelVolumeMatchMedpy() {
        MedpyParityTest.nonEmptyCases().forEach(c -> {
            byte[] prediction = asClass(Fixtures.bytes("/metrics/" + c.name() + "_a.u8"), 3);
            byte[] truth = asClass(Fixtures.bytes("/metrics/" + c.name() + "_b.u8"), 3);
            ClassMetrics m = CaseScorer.score(c.name(), prediction, truth, c.d(), c.h(), c.w(), c.spacing(), names(4),
                    MetricMode.CORRECTED).classes().get(2);
            assertEquals(c.hd95(), m.hd95(), Math.abs(c.hd95()) * 1e-6 + 1e-12, c.name());
            assertEquals(c.dice(), m.dice(), 1e-12, c.name());
        });
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        byte[] truth = new byte[D * H * W];
        byte[] prediction = new byte[D * H * W];
        truth[17] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaseScorer.score("c", prediction, truth, D, H, W, SPACING, names(9), MetricMode.PAPER));
        assertTrue(e.getMessage().contains("label value 9 at voxel 17"), e.getMessage());
    }

    /** Random boxes of classes 1..classes-1, overlapping. */
    private static byte[] blobs(Random random, int boxes) {
        byte[] label = new byte[D * H * W];
        for (int b = 0; b < boxes; b++) {
            int value = 1 + random.nextInt(5);
            int z0 = random.nextInt(D);
            int y0 = random.nextInt(H);
            int x0 = random.nextInt(W);
            int z1 = Math.min(D, z0 + 1 + random.nextInt(5));
            int y1 = Math.min(H, y0 + 1 + random.nextInt(10));
            int x1 = Math.min(W, x0 + 1 + random.nextInt(10));
            for (int z = z0; z < z1; z++) {
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        label[(z * H + y) * W + x] = (byte) value;
                    }
                }
            }
        }
        return label;
    }

    private static byte[] asClass(byte[] mask, int classId) {
        byte[] out = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = (byte) (mask[i] != 0 ? classId : 0);
        }
        return out;
    }

    private static List<String> names(int classes) {
        return DatasetDescription.numberedClasses(classes);
    }
}
