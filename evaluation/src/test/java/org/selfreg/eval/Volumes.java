package org.selfreg.eval;

import org.selfreg.dataprep.TestVolume;

/** Small synthetic test volumes with a few box-shaped organs. */
final class Volumes {

    static final double[][] AFFINE = {
        {-0.8, 0, 0, 120.5},
        {0, -0.8, 0, 98.25},
        {0, 0, 2.5, -310},
        {0, 0, 0, 1}
    };

    private Volumes() {
    }

    /** A {@code d x h x w} volume with classes 1..3 as boxes, its image such that {@link LabelEchoPredictor} echoes it. */
    static TestVolume boxes(String name, int d, int h, int w) {
        byte[] label = new byte[d * h * w];
        fill(label, d, h, w, 1, 0, d, 2, h / 2, 2, w / 2);
        fill(label, d, h, w, 2, 1, d - 1, h / 2, h - 2, w / 2, w - 3);
        fill(label, d, h, w, 3, 0, 2, 1, 4, w - 6, w - 1);
        return new TestVolume(name, d, h, w, LabelEchoPredictor.imageFor(label, 9), label, AFFINE,
                new double[] {0.8, 0.8, 2.5});
    }

    private static void fill(byte[] label, int d, int h, int w, int value, int z0, int z1, int y0, int y1,
                             int x0, int x1) {
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    label[(z * h + y) * w + x] = (byte) value;
                }
            }
        }
    }
}
