package org.selfreg.eval.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.eval.CaseMetrics;
import org.selfreg.eval.CaseScorer;
import org.selfreg.eval.ClassMetrics;
import org.selfreg.eval.MetricMode;

/**
 * Times the per-case scoring (Dice, HD95, Jaccard, ASSD, MONAI HD95 of every class) of the case that
 * {@code bench/python/hd95_reference.py} wrote, and checks that its HD95 and Dice equal medpy's, bit for bit. Not a
 * test: run {@code ./bench/run hd95}.
 *
 * <p>Arguments: the directory the Python script wrote, the number of timed runs and the number of threads (the
 * classes are scored in parallel on a pool of that size).
 */
public final class Hd95Benchmark {

    private static final int CLASSES = 9;

    private Hd95Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        ForkJoinPool pool = new ForkJoinPool(Integer.parseInt(args[2]));
        String[] shape = Files.readString(dir.resolve("case.txt")).trim().split("\\s+");
        int d = Integer.parseInt(shape[0]);
        int h = Integer.parseInt(shape[1]);
        int w = Integer.parseInt(shape[2]);
        double[] spacing = {Double.parseDouble(shape[3]), Double.parseDouble(shape[4]), Double.parseDouble(shape[5])};
        byte[] truth = Files.readAllBytes(dir.resolve("truth.u8"));
        byte[] prediction = Files.readAllBytes(dir.resolve("prediction.u8"));
        List<String> names = DatasetDescription.numberedClasses(CLASSES);

        CaseMetrics corrected = null;
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            // A parallel stream started inside a pool runs on that pool only.
            corrected = pool.submit(() -> CaseScorer.score("bench", prediction, truth, d, h, w, spacing, names,
                    MetricMode.CORRECTED)).get();
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, seconds);
            System.out.printf(Locale.ROOT, "java run %d: 8 classes in %.3f s%n", r, seconds);
        }
        CaseMetrics paper = CaseScorer.score("bench", prediction, truth, d, h, w, spacing, names, MetricMode.PAPER);

        int mismatches = 0;
        List<String> medpy = Files.readAllLines(dir.resolve("medpy.txt"));
        System.out.println("| class | name | medpy HD95 (mm) | ours | medpy HD95 (voxels) | ours | Dice equal |");
        System.out.println("|---:|---|---:|---:|---:|---:|---|");
        for (String line : medpy) {
            String[] f = line.trim().split("\\s+");
            int classId = Integer.parseInt(f[0]);
            ClassMetrics mm = corrected.classes().get(classId - 1);
            ClassMetrics voxels = paper.classes().get(classId - 1);
            double medpyDice = Double.parseDouble(f[1]);
            double medpyMm = Double.parseDouble(f[2]);
            double medpyVoxels = Double.parseDouble(f[3]);
            boolean same = medpyDice == mm.dice() && medpyMm == mm.hd95() && medpyVoxels == voxels.hd95();
            mismatches += same ? 0 : 1;
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s |%n", classId, mm.className(), medpyMm,
                    mm.hd95(), medpyVoxels, voxels.hd95(), medpyDice == mm.dice() ? "yes" : "NO");
        }
        System.out.printf(Locale.ROOT, "java: best of %d runs %.3f s with %d thread(s); %d of %d classes differ from"
                + " medpy%n", runs, best, pool.getParallelism(), mismatches, medpy.size());
        if (mismatches > 0) {
            System.exit(1);
        }
    }
}
