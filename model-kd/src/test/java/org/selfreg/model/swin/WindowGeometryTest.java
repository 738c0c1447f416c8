package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Window bookkeeping of the Swin blocks (the full network's parity test covers the values in context). */
class WindowGeometryTest {

    @Test
    void aGridNoLargerThanTheWindowIsOneUnshiftedWindow() {
        assertEquals(new WindowGeometry(7, 7, 0), WindowGeometry.of(7, 7, 3));
        assertEquals(new WindowGeometry(56, 7, 3), WindowGeometry.of(56, 7, 3));
    }

    @Test
    void rollMatchesTorchRollAndPartitionIsReversible() {
        try (NDManager manager = NDManager.newBaseManager()) {
            WindowGeometry geometry = new WindowGeometry(4, 2, 1);
            NDArray grid = manager.arange(0f, 32f).reshape(2, 4, 4, 1);
            // torch.roll(x, (-1, -1), dims=(1, 2)) moves element (1, 1) of each image to (0, 0).
            NDArray rolled = geometry.roll(grid, -1);
            assertEquals(grid.getFloat(0, 1, 1, 0), rolled.getFloat(0, 0, 0, 0));
            assertEquals(grid.getFloat(1, 0, 0, 0), rolled.getFloat(1, 3, 3, 0));
            assertArrayEquals(grid.toFloatArray(), geometry.roll(rolled, 1).toFloatArray());
            NDArray windows = geometry.partition(grid);
            assertEquals(new Shape(8, 4, 1), windows.getShape());
            assertArrayEquals(new float[] {0, 1, 4, 5}, windows.get(0).toFloatArray());
            assertArrayEquals(grid.toFloatArray(), geometry.reverse(windows, 2).toFloatArray());
        }
    }

    @Test
    void maskSeparatesOnlyTheWrappedRegions() {
        float[] mask = new WindowGeometry(4, 2, 1).attentionMask();
        int tokens = 4;
        // Window 0 lies wholly in region 0 of the shifted grid; the last window mixes all four corner regions.
        for (int i = 0; i < tokens * tokens; i++) {
            assertEquals(0f, mask[i]);
        }
        int last = 3 * tokens * tokens;
        assertEquals(WindowGeometry.MASKED, mask[last + 1], "tokens (0,0) and (0,1) of the last window");
        assertEquals(0f, mask[last + 5], "a token with itself");
    }
}
