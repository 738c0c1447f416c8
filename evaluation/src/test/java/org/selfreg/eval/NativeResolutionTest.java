package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.TestVolume;

/** Scores of 2-D images at their native resolution, beside the protocol's. */
class NativeResolutionTest {

    @Test
    void nearestResizePicksTheSourcePixelEachTargetFallsIn() {
        byte[] source = {1, 2, 3, 4};
        assertArrayEquals(new byte[] {1, 1, 2, 1, 1, 2, 3, 3, 4}, NearestResize.resize(source, 2, 2, 3, 3));
        assertArrayEquals(new byte[] {1, 3}, NearestResize.resize(source, 2, 2, 2, 1));
    }

    @Test
    void aTwoDimensionalImageWithANativeMaskIsAlsoScoredThere() {
        // Network size 2x2: the prediction's one foreground pixel covers the native 2x2 block of the top left.
        byte[] truth = {1, 0, 0, 0};
        byte[] prediction = {1, 0, 0, 0};
        byte[] nativeMask = new byte[16];
        nativeMask[0] = 1;
        nativeMask[1] = 1;
        nativeMask[4] = 1;
        TestVolume image = new TestVolume("img1", 1, 3, 2, 2, new float[12], truth, Volumes.AFFINE,
                new double[] {1, 1, 1}, new TestVolume.NativeMask(4, 4, nativeMask));
        ClassMetrics m = ProtocolScorer.score(ProtocolParityTest.GLAS, image, prediction, MetricMode.CORRECTED)
                .classes().getFirst();
        assertEquals(1.0, m.dice());
        assertEquals(2.0 * 3 / (4 + 3), m.diceNative(), 1e-15);
        assertEquals(3.0 / 4, m.jaccardNative(), 1e-15);

        TestVolume withoutNative = new TestVolume("img2", 1, 3, 2, 2, new float[12], truth, Volumes.AFFINE,
                new double[] {1, 1, 1}, null);
        ClassMetrics plain = ProtocolScorer.score(ProtocolParityTest.GLAS, withoutNative, prediction,
                MetricMode.CORRECTED).classes().getFirst();
        assertTrue(Double.isNaN(plain.diceNative()) && Double.isNaN(plain.jaccardNative()));
    }
}
