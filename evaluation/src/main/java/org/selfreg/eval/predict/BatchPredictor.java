package org.selfreg.eval.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.NewScans;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.eval.LabelFiles;
import org.selfreg.eval.NearestResize;
import org.selfreg.eval.StagingFolder;
import org.selfreg.model.VolumeSegmenter;

/**
 * Segments new scans and images with packaged models: each NIfTI volume through data preparation's intensity
 * mapping and evaluation's slice-wise segmentation into {@code <case>.nii.gz} (uint8, on the input's grid with its
 * affine); each image at the network's size, its mask brought back to the image's size by nearest neighbour, into
 * {@code <case>.png}; beside each a {@code <case>.json} {@link PredictionRecord}.
 *
 * <p>Everything is written to a staging folder beside the output folder and moved into it only when every input
 * succeeded, so a failure leaves no partial prediction behind.
 */
public final class BatchPredictor {

    /** Slices per model call, as evaluation's default (batching does not change eval-mode results). */
    static final int BATCH = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told after each input, for a progress bar. */
    public interface Progress {
        /** {@code done} of {@code total} inputs are predicted, the last being {@code file}. */
        void predicted(int done, int total, Path file);
    }

    private final List<ModelPackage> models;
    private final TestTimeAugmentation tta;

    /** @param models one model, or the members of an ensemble (trained on one dataset) */
    public BatchPredictor(List<ModelPackage> models, TestTimeAugmentation tta) {
        this.models = List.copyOf(models);
        this.tta = tta;
    }

    /**
     * Predicts every input at {@code input} (a file or a folder) into {@code outDir}.
     *
     * @throws InvalidInputException when an input is unreadable, 4-D, of another kind than the models segment
     *                               (a volume for a 2-D model, an image for a volume model) or has other channels
     */
    public PredictionSummary predict(Path input, Path outDir, Progress progress) {
        return predict(input, outDir, file -> file.toAbsolutePath().toString(), progress);
    }

    /**
     * As {@link #predict(Path, Path, Progress)}, the records naming each input file by {@code inputName} (e.g. where
     * a worker downloaded it from) instead of its local path.
     */
    public PredictionSummary predict(Path input, Path outDir, Function<Path, String> inputName, Progress progress) {
        long start = System.nanoTime();
        List<PredictionInputs.Input> inputs = PredictionInputs.of(input);
        ModelCard card = models.getFirst().card();
        inputs.forEach(in -> requireKind(in, card, models.getFirst().source()));
        Path absoluteOut = outDir.toAbsolutePath();
        Map<String, Long> totals = new LinkedHashMap<>();
        card.dataset().classNames().forEach(name -> totals.put(name, 0L));
        Path staging = StagingFolder.beside(absoluteOut);
        try (ModelSet set = ModelSet.open(models, tta)) {
            VolumeSegmenter segmenter = new VolumeSegmenter(set.predictor(), BATCH);
            for (int i = 0; i < inputs.size(); i++) {
                PredictionRecord record = predictOne(inputs.get(i), inputName.apply(inputs.get(i).file()), set,
                        segmenter, staging);
                record.voxelsPerClass().forEach((name, n) -> totals.merge(name, n, Long::sum));
                progress.predicted(i + 1, inputs.size(), inputs.get(i).file());
            }
            StagingFolder.publish(staging, absoluteOut);
        } finally {
            FileTrees.deleteRecursively(staging);
        }
        return new PredictionSummary(inputs.size(), (System.nanoTime() - start) / 1e9,
                Collections.unmodifiableMap(totals), absoluteOut);
    }

    private PredictionRecord predictOne(PredictionInputs.Input input, String inputName, ModelSet set,
                                        VolumeSegmenter segmenter, Path staging) {
        long start = System.nanoTime();
        DatasetDescription dataset = set.card().dataset();
        String output;
        byte[] classes;
        if (input.kind() == PredictionInputs.Kind.VOLUME) {
            TestVolume volume = NewScans.volume(input.file(), set.card().preprocessing());
            classes = segmenter.segment(volume);
            output = input.caseName() + ".nii.gz";
            LabelFiles.writeNifti(staging.resolve(output), volume, classes, volume.affine());
        } else {
            NewScans.Image image = NewScans.image(input.file(), set.card().preprocessing().size());
            TestVolume volume = image.volume();
            classes = NearestResize.resize(segmenter.segment(volume), volume.height(), volume.width(),
                    image.nativeHeight(), image.nativeWidth());
            output = input.caseName() + ".png";
            LabelFiles.writePng(staging.resolve(output), classes, image.nativeHeight(), image.nativeWidth(),
                    dataset.classes());
        }
        PredictionRecord record = new PredictionRecord(inputName, output,
                set.packages().stream().map(PredictionRecord.ModelRef::of).toList(), tta.id(),
                (System.nanoTime() - start) / 1e9, census(classes, dataset));
        Path file = staging.resolve(input.caseName() + ".json");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return record;
    }

    private static void requireKind(PredictionInputs.Input input, ModelCard card, String model) {
        boolean images = card.preprocessing().images();
        if (input.kind() == PredictionInputs.Kind.VOLUME && images) {
            throw new InvalidInputException(input.file() + " is a volume but model " + model + " segments 2-D "
                    + "images (PNG, TIFF, BMP); give it images, or use a model trained on volumes");
        }
        if (input.kind() == PredictionInputs.Kind.IMAGE && !images) {
            throw new InvalidInputException(input.file() + " is a 2-D image but model " + model + " segments "
                    + "volumes (NIfTI); give it .nii or .nii.gz files, or use a model trained on images");
        }
    }

    /** Voxels of each class, by name, in class order. */
    private static Map<String, Long> census(byte[] classes, DatasetDescription dataset) {
        long[] counts = new long[256];
        for (byte c : classes) {
            counts[c & 0xFF]++;
        }
        Map<String, Long> byName = new LinkedHashMap<>();
        for (int c = 0; c < dataset.classes(); c++) {
            byName.put(dataset.className(c), counts[c]);
        }
        return byName;
    }
}
