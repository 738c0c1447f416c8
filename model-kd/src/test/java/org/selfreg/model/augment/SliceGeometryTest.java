package org.selfreg.model.augment;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.selfreg.model.testing.Fixtures.load;

class SliceGeometryTest {

    /** [[1,2,3],[4,5,6]], labels equal to the values so both arrays are checked. */
    private static Slice twoByThree() {
        return new Slice(2, 3, new float[] {1, 2, 3, 4, 5, 6}, new byte[] {1, 2, 3, 4, 5, 6});
    }

    @Test
    void rot90TurnsCounterClockwiseLikeNumpy() {
        Slice once = SliceGeometry.rot90(twoByThree(), 1);
        assertEquals(3, once.height());
        assertEquals(2, once.width());
        assertArrayEquals(new float[] {3, 6, 2, 5, 1, 4}, once.image());
        assertArrayEquals(new byte[] {3, 6, 2, 5, 1, 4}, once.label());
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, SliceGeometry.rot90(twoByThree(), 2).image());
        assertArrayEquals(twoByThree().image(), SliceGeometry.rot90(twoByThree(), 4).image());
    }

    @Test
    void flipReversesTheChosenAxis() {
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, SliceGeometry.flip(twoByThree(), 0).image());
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4}, SliceGeometry.flip(twoByThree(), 1).label());
    }

    /** scipy.ndimage.rotate(order=0, reshape=False) at the augmentation's angles (fixture: rotate.npz). */
    @Test
    void rotateNearestMatchesScipy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = load(manager, "rotate.npz");
            float[] image = fixture.get("image").toFloatArray();
            int side = (int) fixture.get("image").getShape().get(0);
            Slice slice = new Slice(side, side, image, new byte[side * side]);
            for (int angle : new int[] {-20, -7, 0, 13, 19}) {
                float[] expected = fixture.get(String.format("angle%+d", angle)).toFloatArray();
                assertArrayEquals(expected, SliceGeometry.rotateNearest(slice, angle).image(), "angle " + angle);
            }
        }
    }

    /** Every channel of an RGB image moves with its label, as numpy and scipy move an (H, W, C) array. */
    @Test
    void everyChannelMovesLikeTheLabel() {
        float[] rgb = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60, -1, -2, -3, -4, -5, -6};
        Slice slice = new Slice(3, 2, 3, rgb, new byte[] {1, 2, 3, 4, 5, 6});
        Slice turned = SliceGeometry.rot90(SliceGeometry.flip(slice, 1), 1);
        assertArrayEquals(new byte[] {1, 4, 2, 5, 3, 6}, turned.label());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6, 10, 40, 20, 50, 30, 60, -1, -4, -2, -5, -3, -6},
                turned.image());
        Slice zoomed = SliceAugmenter.resize(slice, 4);
        assertEquals(3 * 16, zoomed.image().length);
    }
}
