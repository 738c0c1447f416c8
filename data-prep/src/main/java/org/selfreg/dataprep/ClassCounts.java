package org.selfreg.dataprep;

/** Voxels per class id in a run of labels, for the manifest. */
final class ClassCounts {

    private static final int WAYS = 4;

    private ClassCounts() {
    }

    /**
     * Counts of each id in {@code label[from, from + count)}, background first. Four interleaved histograms: neighbouring
     * voxels mostly share a class, and incrementing one counter back to back stalls on each previous increment.
     */
    static long[] of(byte[] label, int from, int count, int classes) {
        int[][] partial = new int[WAYS][256];
        int end = from + count;
        int i = from;
        for (; i + WAYS <= end; i += WAYS) {
            partial[0][label[i] & 0xFF]++;
            partial[1][label[i + 1] & 0xFF]++;
            partial[2][label[i + 2] & 0xFF]++;
            partial[3][label[i + 3] & 0xFF]++;
        }
        for (; i < end; i++) {
            partial[0][label[i] & 0xFF]++;
        }
        long[] counts = new long[classes];
        for (int[] p : partial) {
            for (int c = 0; c < classes; c++) {
                counts[c] += p[c];
            }
        }
        return counts;
    }
}
