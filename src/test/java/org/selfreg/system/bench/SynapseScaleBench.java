package org.selfreg.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.dataprep.ManifestEntry;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;
import org.selfreg.eval.EvaluationOptions;
import org.selfreg.eval.EvaluationReport;
import org.selfreg.eval.Evaluator;
import org.selfreg.eval.ModelSelection;
import org.selfreg.model.Checkpoint;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.TrainingResult;

/**
 * Benchmark (bench/synapse-scale.sh), not a test: wall time and peak resident memory of a worker JVM at Synapse size,
 * one stage per JVM so that each peak is that stage's own. Synthetic CT of BTCV's size (30 cases of 512x512 with
 * 85-198 slices) is generated, then prepared with TransUNet's 18/12 split; full-width UNet_hd trains a bounded number
 * of iterations on every training slice, which the trainer reads from disk as batches need them (Synapse's 2,211
 * slices are 2.9 GB, more than a worker's 2 GB heap); a one-iteration run writes the checkpoint with which one test
 * volume is evaluated.
 *
 * <p>Usage: {@code SynapseScaleBench <stage> <data dir> [iterations, default 12] [batch size, default 24]}, stage one
 * of {@link #STAGES}. Each stage writes its Markdown table row to {@code <data dir>/results/<stage>.md}; train also
 * writes its memory in and after every iteration to {@code train-series.md}. Generate and prepare write to a
 * {@code .partial} folder and rename it when done, so that a folder named {@code raw} or {@code prepared} is complete
 * and a rerun may reuse it.
 */
public final class SynapseScaleBench {

    private static final List<String> STAGES = List.of("generate", "prepare", "train", "checkpoint", "evaluate");

    /** BTCV's 30 training cases at their real size; the seed only fixes the content. */
    private static final SyntheticSpec SPEC = new SyntheticSpec(30, 512, 85, 198, 2211);
    /** The depth of the test volume evaluated, or the nearest there is: about a mean Synapse case. */
    private static final int EVALUATED_DEPTH = 150;
    /**
     * The checkpoint's weights are meaningless after one iteration at any batch size; a small batch spares this helper
     * stage the memory of a full batch, which training's peak grows with.
     */
    private static final int CHECKPOINT_BATCH = 2;
    private static final String RAW = "raw";
    private static final String PREPARED = "prepared";
    private static final String PARTIAL = ".partial";

    private SynapseScaleBench() {
    }

    public static void main(String[] args) throws IOException {
        String stage = args[0];
        Path data = Path.of(args[1]).toAbsolutePath();
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : TrainConfig.defaults().batchSize();
        System.out.printf("stage %s in %s%n", stage, data);
        String notes = switch (stage) {
            case "generate" -> generate(data);
            case "prepare" -> prepare(data);
            case "train" -> train(data, iterations, batchSize);
            case "checkpoint" -> checkpoint(data);
            case "evaluate" -> evaluate(data);
            default -> throw new IllegalArgumentException("unknown stage '" + stage + "'; use one of " + STAGES);
        };
        writeRow(data, stage, notes);
    }

    private static String generate(Path data) throws IOException {
        Path partial = data.resolve(RAW + PARTIAL);
        FileTrees.deleteRecursively(partial);
        System.out.printf("generating %d cases of %dx%d with %d-%d slices...%n", SPEC.cases(), SPEC.size(),
                SPEC.size(), SPEC.minSlices(), SPEC.maxSlices());
        List<String> cases = SyntheticCtGenerator.generate(partial, SPEC);
        renumberAsBtcv(partial);
        Files.move(partial, data.resolve(RAW), StandardCopyOption.ATOMIC_MOVE);
        return String.format(Locale.ROOT, "%d cases of %dx%d, %d-%d slices each: %,d MiB of .nii.gz", cases.size(),
                SPEC.size(), SPEC.size(), SPEC.minSlices(), SPEC.maxSlices(), sizeMiB(data.resolve(RAW)));
    }

    /**
     * Gives the cases BTCV's ids, 0001-0010 and 0021-0040, which TransUNet's split names: the generator numbers them
     * 1-30, so 11-20 become 31-40.
     */
    private static void renumberAsBtcv(Path raw) throws IOException {
        for (int id = 11; id <= 20; id++) {
            for (String kind : List.of("img", "label")) {
                Path dir = raw.resolve(kind);
                Files.move(dir.resolve(String.format("%s%04d.nii.gz", kind, id)),
                        dir.resolve(String.format("%s%04d.nii.gz", kind, id + 20)));
            }
        }
    }

    private static String prepare(Path data) throws IOException {
        Path partial = data.resolve(PREPARED + PARTIAL);
        PreparedDataset prepared = new Preprocessor().prepare(data.resolve(RAW), InputLayout.BTCV, partial,
                PreprocessConfig.synapseReference(),
                (name, done, total) -> System.out.printf("prepared %s (%d/%d)%n", name, done, total));
        Path dir = data.resolve(PREPARED);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        DatasetManifest manifest = DatasetManifest.read(dir);
        long trainCases = manifest.entries().stream().filter(e -> e.split().equals("train"))
                .map(ManifestEntry::caseName).distinct().count();
        return String.format(Locale.ROOT, "TransUNet's split: %,d training slices of %d cases (%,d MiB), %d test"
                        + " volumes of %,d slices (%,d MiB)", prepared.trainSlices().size(), trainCases,
                sizeMiB(dir.resolve(PreparedDataset.TRAIN_DIR)), prepared.testCases().size(),
                testVolumes(manifest).mapToInt(ManifestEntry::slices).sum(),
                sizeMiB(dir.resolve(PreparedDataset.VOLUME_DIR)));
    }

    private static String train(Path data, int iterations, int batchSize) {
        PreparedDataset dataset = PreparedDataset.load(data.resolve(PREPARED));
        TrainConfig config = recipe(TrainConfig.defaults().epochs(), batchSize);
        Path checkpoints = data.resolve("train-checkpoints");
        // An earlier run's checkpoint would be resumed from; this run leaves before writing one.
        FileTrees.deleteRecursively(checkpoints);
        TrainingMemoryLog log = new TrainingMemoryLog(iterations);
        try {
            new SegmentationTrainer().train(dataset.dir(), dataset.trainSlices(), config, checkpoints, log);
        } catch (TrainingMemoryLog.Enough enough) {
            // the iterations wanted are done
        }
        write(data, "train-series.md", log.table());
        return String.format(Locale.ROOT, "full-width UNet_hd (width %d, %d², KD λ %s/%s, %d classes): %s",
                config.baseWidth(), config.imageSize(), config.lambdaIntra(), config.lambdaInter(), config.classes(),
                log.summary(config.batchSize(), dataset.trainSlices().size()));
    }

    /**
     * One epoch of one full-width iteration on the first training slices: a checkpoint in the format and size of a
     * real one (the bounded training run leaves before its epoch ends, where checkpoints are written).
     */
    private static String checkpoint(Path data) {
        PreparedDataset dataset = PreparedDataset.load(data.resolve(PREPARED));
        TrainConfig oneEpoch = recipe(1, CHECKPOINT_BATCH);
        Path dir = checkpointDir(data);
        FileTrees.deleteRecursively(dir);
        TrainingResult result = new SegmentationTrainer().train(dataset.dir(),
                dataset.trainSlices().subList(0, oneEpoch.batchSize()), oneEpoch, dir, TrainingListener.NONE);
        return String.format(Locale.ROOT, "one iteration of batch %d (the first training slices), %.0f s in the"
                        + " trainer; wrote %s (%,d MiB with the optimizer state), the weights evaluated",
                oneEpoch.batchSize(), result.seconds(), result.bestCheckpoint().getFileName(), sizeMiB(dir));
    }

    private static String evaluate(Path data) {
        PreparedDataset dataset = PreparedDataset.load(data.resolve(PREPARED));
        ManifestEntry volume = testVolumes(DatasetManifest.read(dataset.dir()))
                .min(Comparator.comparingInt(e -> Math.abs(e.slices() - EVALUATED_DEPTH))).orElseThrow();
        Path out = data.resolve("evaluation");
        EvaluationOptions options = EvaluationOptions.defaults();
        try (TrainedModel model = TrainedModel.load(Checkpoint.paramsFile(checkpointDir(data), Checkpoint.BEST))) {
            EvaluationReport report = new Evaluator().evaluate(dataset.dir(), dataset.description(),
                    List.of(volume.caseName()), model, ModelSelection.onValidation(List.of(ModelSelection.BEST)), options, out);
            long[] shape = volume.shape();
            return String.format(Locale.ROOT, "%s, %dx%dx%d, UNet width %d, batch %d: Dice %.3f, HD95 %.1f mm"
                            + " (meaningless after one iteration), %,d MiB of NIfTI written", volume.caseName(),
                    shape[2], shape[1], shape[0], model.config().baseWidth(), options.batchSize(), report.meanDice(),
                    report.meanHd95(), sizeMiB(out.resolve("predictions")));
        }
    }

    /** The Synapse recipe ({@link TrainConfig#defaults()}: full width, KD on) with another length and batch size. */
    private static TrainConfig recipe(int epochs, int batchSize) {
        TrainConfig d = TrainConfig.defaults();
        return new TrainConfig(d.lambdaIntra(), d.lambdaInter(), epochs, batchSize, d.baseLr(), d.momentum(),
                d.weightDecay(), d.baseWidth(), d.classes(), d.imageSize(), d.seed(), d.ceWeight(), d.diceWeight());
    }

    private static Path checkpointDir(Path data) {
        return data.resolve("checkpoint");
    }

    private static Stream<ManifestEntry> testVolumes(DatasetManifest manifest) {
        return manifest.entries().stream()
                .filter(e -> e.split().equals("test") && e.file().startsWith(PreparedDataset.VOLUME_DIR + "/"));
    }

    /** Wall time from the JVM's start, start-up included; peak RSS ({@code VmHWM}) as the stage ends. */
    private static void writeRow(Path data, String stage, String notes) {
        MemorySample memory = MemorySample.now();
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        String row = String.format(Locale.ROOT, "| %s | %.0f | %,d | %s; heap committed %,d MiB at the end |%n",
                stage, seconds, memory.peakRssMiB(), notes, memory.heapCommittedMiB());
        write(data, stage + ".md", row);
        System.out.print(row);
    }

    private static void write(Path data, String name, String text) {
        try {
            Path results = Files.createDirectories(data.resolve("results"));
            Files.writeString(results.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " under " + data, e);
        }
    }

    private static long sizeMiB(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() >> 20;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
    }
}
