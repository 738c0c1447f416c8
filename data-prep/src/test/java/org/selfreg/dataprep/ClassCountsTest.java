package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassCountsTest {

    @Test
    void countsEveryIdInTheRangeWhereverBackgroundRunsStartAndEnd() {
        Random random = new Random(3);
        byte[] label = new byte[1000];
        for (int i = 0; i < label.length; i++) {
            // Background runs of random length between organ voxels, as in a CT slice.
            label[i] = random.nextInt(4) == 0 ? (byte) (1 + random.nextInt(8)) : 0;
        }
        for (int from : new int[] {0, 1, 7, 13}) {
            for (int count : new int[] {0, 5, 8, 500, label.length - from}) {
                long[] want = new long[9];
                for (int i = from; i < from + count; i++) {
                    want[label[i]]++;
                }
                assertArrayEquals(want, ClassCounts.of(label, from, count, 9), "from " + from + ", count " + count);
            }
        }
    }

    @Test
    void countsAllBackground() {
        assertArrayEquals(new long[] {24, 0, 0}, ClassCounts.of(new byte[30], 3, 24, 3));
    }
}
