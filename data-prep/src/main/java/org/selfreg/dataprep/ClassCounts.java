package org.selfreg.dataprep;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Voxels per class id in a run of labels, for the manifest. */
final class ClassCounts {

    private static final int WAYS = 4;
    private static final VarHandle EIGHT_LABELS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private ClassCounts() {
    }

    /**
     * Counts of each id in {@code label[from, from + count)}, background first. Most of a CT is background, so eight
     * labels that are all 0 are counted at once; the rest go to four interleaved histograms: neighbouring voxels mostly
     * share a class, and incrementing one counter back to back stalls on each previous increment.
     */
    static long[] of(byte[] label, int from, int count, int classes) {
        int[][] partial = new int[WAYS][256];
        long background = 0;
        int end = from + count;
        int i = from;
        for (; i + 8 <= end; i += 8) {
            if ((long) EIGHT_LABELS.get(label, i) == 0) {
                background += 8;
                continue;
            }
            for (int j = i; j < i + 8; j += WAYS) {
                partial[0][label[j] & 0xFF]++;
                partial[1][label[j + 1] & 0xFF]++;
                partial[2][label[j + 2] & 0xFF]++;
                partial[3][label[j + 3] & 0xFF]++;
            }
        }
        for (; i < end; i++) {
            partial[0][label[i] & 0xFF]++;
        }
        long[] counts = new long[classes];
        counts[0] = background;
        for (int[] p : partial) {
            for (int c = 0; c < classes; c++) {
                counts[c] += p[c];
            }
        }
        return counts;
    }
}
