package org.selfreg.eval.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.NewScans;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;
import org.selfreg.eval.predict.BatchPredictor;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.eval.predict.TestTimeAugmentation;
import org.selfreg.model.Checkpoint;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;
import org.selfreg.model.VolumeSegmenter;

/**
 * {@code ./selfreg predict}'s speed on one synthetic 512x512xD CT scan with full-width UNet_hd (base 64, 9 classes,
 * 224x224; freshly initialised weights, which do not change the speed), beside the reference's slice-wise
 * {@code test_single_volume} ({@code bench/python/predict_reference.py}) on the same windowed volume with the same
 * weights and intra-op threads. Rows: the reference; {@link BatchPredictor}, the path {@code ./selfreg predict} takes
 * (NIfTI read and windowed, segmented, label NIfTI written), with one model, an ensemble of three and flip test-time
 * augmentation; and {@link VolumeSegmenter} alone, which is what the reference's time covers. Every round runs each
 * path once, in turns, so that all see the same machine load; the table keeps each path's best round. The labels of
 * Java's single model are compared with the reference's voxel by voxel. Not a test: run {@code ./bench/run predict}.
 *
 * <p>Arguments: work directory, depth D (at least 4), rounds, Python, reference script. The intra-op thread count is
 * DJL's {@code ai.djl.pytorch.num_threads}, passed on to PyTorch.
 */
public final class PredictBenchmark {

    private static final int SIDE = 512;
    private static final int ENSEMBLE = 3;
    private static final long SEED = 1234;
    /** Slices per model call, as {@link BatchPredictor} segments. */
    private static final int BATCH = 16;

    /** One timed path: {@code passes} network forward passes per slice. */
    private record Row(String name, int passes, DoubleSupplier seconds) {
    }

    private PredictBenchmark() {
    }

    public static void main(String[] args) {
        Path work = Path.of(args[0]);
        int depth = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        ReferenceInference reference = new ReferenceInference(args[3], args[4], threads);
        Path weights = work.resolve("weights");
        reference.writeWeights(weights, ENSEMBLE, SEED);
        List<ModelPackage> models = packages(work, weights);
        Path scan = scan(work.resolve("scan"), depth, SEED);
        Path warmUpScan = scan(work.resolve("warm-up"), 4, SEED + 1);
        TestVolume volume = NewScans.volume(scan, models.getFirst().card().preprocessing());
        Path windowed = work.resolve("volume.npz");
        Npz.write(windowed, Map.of("image", NpyArray.ofFloat32(volume.image(), depth, SIDE, SIDE)), false);
        Path referenceLabels = work.resolve("reference-prediction.npz");
        Path javaOut = work.resolve("out-1-model");

        try (TrainedModel single = models.getFirst().load()) {
            VolumeSegmenter segmenter = new VolumeSegmenter(single, BATCH);
            segmenter.segment(NewScans.volume(warmUpScan, models.getFirst().card().preprocessing()));
            List<Row> rows = List.of(
                    new Row("PyTorch reference, 1 model", 1,
                            () -> reference.seconds(weights.resolve("model-0.pth"), windowed, referenceLabels)),
                    predictRow("Java predict, 1 model", 1, models.subList(0, 1), TestTimeAugmentation.NONE, scan,
                            warmUpScan, javaOut),
                    predictRow("Java predict, ensemble of " + ENSEMBLE, ENSEMBLE, models, TestTimeAugmentation.NONE,
                            scan, warmUpScan, work.resolve("out-ensemble")),
                    predictRow("Java predict, 1 model, flip TTA", 2, models.subList(0, 1), TestTimeAugmentation.FLIP,
                            scan, warmUpScan, work.resolve("out-tta")),
                    new Row("Java VolumeSegmenter alone (no file I/O), 1 model", 1,
                            () -> timed(() -> segmenter.segment(volume))));
            double[] best = new double[rows.size()];
            Arrays.fill(best, Double.MAX_VALUE);
            for (int round = 0; round < rounds; round++) {
                for (int r = 0; r < rows.size(); r++) {
                    best[r] = Math.min(best[r], rows.get(r).seconds().getAsDouble());
                }
            }
            System.out.printf(Locale.ROOT, "512x512x%d int16 CT, UNet_hd base 64 -> 9 classes at 224x224, %d intra-op"
                    + " threads (both engines), best of %d rounds; reference engine: %s%n%n", depth, threads, rounds,
                    reference.engine());
            printTable(rows, best, depth);
        }
        byte[] java = labels(javaOut.resolve(NewScans.caseName(scan) + ".nii.gz"));
        byte[] python = Npz.read(referenceLabels).get("prediction").asUint8();
        System.out.printf(Locale.ROOT, "%nJava 1 model vs the reference, same weights: %.4f %% of voxels agree%n",
                100.0 * agreeing(java, python) / java.length);
    }

    /** Runs {@code models} once on the warm-up scan, then gives the row that predicts {@code scan} into {@code out}. */
    private static Row predictRow(String name, int passes, List<ModelPackage> models, TestTimeAugmentation tta,
                                  Path scan, Path warmUpScan, Path out) {
        BatchPredictor predictor = new BatchPredictor(models, tta);
        predictor.predict(warmUpScan, out.resolveSibling(out.getFileName() + "-warm-up"), (d, t, f) -> { });
        return new Row(name, passes, () -> predictor.predict(scan, out, (d, t, f) -> { }).seconds());
    }

    private static void printTable(List<Row> rows, double[] best, int depth) {
        double reference = best[0];
        System.out.println("| path | seconds | slices/s | x reference | x reference per network pass |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %.2f |%n", row.name(), best[r],
                    depth / best[r], reference / best[r], row.passes() * reference / best[r]);
        }
    }

    /** The packages of the converted weights, with a manifest from a small prepared synthetic dataset. */
    private static List<ModelPackage> packages(Path work, Path weights) {
        SyntheticCtGenerator.generate(work.resolve("raw"), new SyntheticSpec(4, 32, 4, 5, SEED));
        DatasetManifest manifest = DatasetManifest.read(new Preprocessor().prepare(work.resolve("raw"),
                work.resolve("prepared"), PreprocessConfig.synapseDefaults().withSplit(1, 1, SEED)).dir());
        List<ModelPackage> models = new ArrayList<>();
        for (int i = 0; i < ENSEMBLE; i++) {
            Path params = Checkpoint.fromTorch(weights.resolve("model-" + i + ".npz"), TrainConfig.defaults(),
                    work.resolve("checkpoint-" + i));
            models.add(ModelPackage.write(work.resolve("model-" + i), params, manifest,
                    new ModelPackage.Origin("", "", "bench", "corrected", "random initialisation")));
        }
        return models;
    }

    /** A synthetic abdominal CT, int16 HU, {@code SIDE x SIDE x depth}. */
    private static Path scan(Path dir, int depth, long seed) {
        SyntheticCtGenerator.generate(dir, new SyntheticSpec(1, SIDE, depth, depth, seed));
        return dir.resolve("img").resolve("img0001.nii.gz");
    }

    private static double timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static byte[] labels(Path nifti) {
        float[] values = NiftiReader.read(nifti).data();
        byte[] labels = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            labels[i] = (byte) values[i];
        }
        return labels;
    }

    private static long agreeing(byte[] a, byte[] b) {
        long same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return same;
    }
}
