package org.selfreg.model;

import ai.djl.ndarray.NDManager;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.model.unet.SegmentationBackbone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation split ({@code <dataset>/test_vol/<case>.npz}) and the score that selects the best checkpoint: the
 * mean over foreground classes of the per-class mean Dice over the volumes.
 *
 * <p>Volumes are read one at a time when they are scored (a Synapse-sized volume is 200-400 MB in the heap), and
 * segmented by the {@link VolumeSegmenter} that evaluation uses, as the reference's {@code test_single_volume}
 * (TransUNet's {@code utils.py}). Dice per class is computed in 3D per volume by a {@link ValidationDice} rule, the
 * corrected one unless the paper's metrics are asked for, so model selection ranks by the metric that is reported.
 * Each class is averaged over the volumes that score it, then the classes that were scored are averaged.
 */
final class Validation {

    private final List<Path> files;
    private final TrainConfig config;

    private Validation(List<Path> files, TrainConfig config) {
        this.files = files;
        this.config = config;
    }

    /**
     * The named cases; no cases gives an empty validation. Each volume is read once here, one at a time, so that a
     * label the network has no class for fails the run before its first epoch rather than after it.
     */
    static Validation open(Path datasetDir, List<String> caseNames, TrainConfig config) {
        List<Path> files = new ArrayList<>(caseNames.size());
        for (String name : caseNames) {
            Path file = datasetDir.resolve(PreparedDataset.VOLUME_DIR).resolve(name + ".npz");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("validation case " + name + " not found at " + file
                        + "; check lists/val.txt against the dataset's " + PreparedDataset.VOLUME_DIR + " folder");
            }
            TestVolume volume = TestVolume.read(file);
            TrainingSet.requireChannels(volume.channels(), config.channels(), file);
            TrainingSet.requireLabelsBelow(volume.label(), config.classes(), file);
            files.add(file);
        }
        return new Validation(List.copyOf(files), config);
    }

    /** Whether there is nothing to validate on (the best checkpoint is then the last). */
    boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * Mean foreground Dice of the network's eval-mode predictions on every validation volume; NaN when no volume
     * scores any class.
     */
    double meanForegroundDice(SegmentationBackbone network, NDManager manager, ValidationDice rule) {
        int classes = config.classes();
        VolumeSegmenter segmenter = new VolumeSegmenter(new NetworkPredictor(network, manager, config),
                NetworkPredictor.CHUNK);
        double[] sums = new double[classes];
        int[] counts = new int[classes];
        for (Path file : files) {
            TestVolume volume = TestVolume.read(file);
            byte[] predicted = segmenter.segment(volume);
            for (int c = 1; c < classes; c++) {
                double score = dice(predicted, volume.label(), c, rule);
                if (!Double.isNaN(score)) {
                    sums[c] += score;
                    counts[c]++;
                }
            }
        }
        return meanOfScoredClasses(sums, counts);
    }

    /** The mean over foreground classes of each class's mean score, over the classes scored at least once. */
    static double meanOfScoredClasses(double[] sums, int[] counts) {
        double sum = 0;
        int scored = 0;
        for (int c = 1; c < sums.length; c++) {
            if (counts[c] > 0) {
                sum += sums[c] / counts[c];
                scored++;
            }
        }
        return scored == 0 ? Double.NaN : sum / scored;
    }

    /** Dice of class {@code c} by {@code rule}: NaN where the rule does not score it. */
    static double dice(byte[] predicted, byte[] truth, int c, ValidationDice rule) {
        long both = 0;
        long inPrediction = 0;
        long inTruth = 0;
        for (int i = 0; i < predicted.length; i++) {
            boolean p = Byte.toUnsignedInt(predicted[i]) == c;
            boolean t = Byte.toUnsignedInt(truth[i]) == c;
            inPrediction += p ? 1 : 0;
            inTruth += t ? 1 : 0;
            both += p && t ? 1 : 0;
        }
        return rule.score(both, inPrediction, inTruth);
    }
}
