package org.selfreg.eval.bench;

import org.selfreg.eval.BinaryMask;
import org.selfreg.eval.ClassMetrics;
import org.selfreg.eval.ClassScorer;
import org.selfreg.eval.MetricMode;

/**
 * Times per-class metric scoring (Dice, HD95, ASSD...) of one Synapse-sized case: 512x512x150, 8 ellipsoid organs,
 * prediction = truth shifted by a few voxels. Not a test; run with
 * {@code java -cp evaluation/target/classes:evaluation/target/test-classes org.selfreg.eval.bench.Hd95Benchmark}.
 */
public final class Hd95Benchmark {

    private static final int D = 150;
    private static final int H = 512;
    private static final int W = 512;
    private static final double[] SPACING_ZYX = {3.0, 0.78, 0.78};

    private Hd95Benchmark() {
    }

    public static void main(String[] args) {
        int[][] organs = { // centre z, y, x and radii z, y, x, in voxels
            {70, 230, 380, 18, 45, 40}, {60, 300, 170, 14, 30, 25}, {62, 300, 340, 14, 30, 25},
            {80, 380, 100, 6, 15, 12}, {75, 230, 180, 35, 110, 95}, {90, 200, 320, 20, 60, 55},
            {75, 290, 256, 60, 10, 10}, {85, 270, 270, 8, 20, 60}
        };
        byte[] truth = paint(organs, 0);
        byte[] prediction = paint(organs, 3);
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            double sum = 0;
            for (int c = 1; c <= organs.length; c++) {
                ClassMetrics m = ClassScorer.score(c, BinaryMask.ofClass(prediction, D, H, W, c),
                        BinaryMask.ofClass(truth, D, H, W, c), MetricMode.CORRECTED, SPACING_ZYX);
                sum += m.hd95();
            }
            System.out.printf("run %d: 8 classes scored in %.2f s (mean hd95 %.3f mm)%n", r,
                    (System.nanoTime() - start) / 1e9, sum / organs.length);
        }
    }

    private static byte[] paint(int[][] organs, int shift) {
        byte[] label = new byte[D * H * W];
        for (int c = 0; c < organs.length; c++) {
            int[] o = organs[c];
            for (int z = Math.max(0, o[0] - o[3]); z <= Math.min(D - 1, o[0] + o[3]); z++) {
                for (int y = Math.max(0, o[1] - o[4]); y <= Math.min(H - 1, o[1] + o[4]); y++) {
                    for (int x = Math.max(0, o[2] - o[5] + shift); x <= Math.min(W - 1, o[2] + o[5] + shift); x++) {
                        double dz = (z - o[0]) / (double) o[3];
                        double dy = (y - o[1]) / (double) o[4];
                        double dx = (x - o[2] - shift) / (double) o[5];
                        if (dz * dz + dy * dy + dx * dx <= 1.0) {
                            label[(z * H + y) * W + x] = (byte) (c + 1);
                        }
                    }
                }
            }
        }
        return label;
    }
}
