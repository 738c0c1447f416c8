package org.selfreg.model;

import ai.djl.ndarray.NDManager;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.model.image.Zoom;
import org.selfreg.model.unet.SegmentationBackbone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation split ({@code <dataset>/test_vol/<case>.npz}) and the score that selects the best checkpoint: the
 * mean over foreground classes of the per-class mean Dice over the volumes.
 *
 * <p>Volumes are segmented as the reference's {@code test_single_volume}: each slice zoomed to the network size
 * (cubic spline), predicted in eval mode, and its class map zoomed back (nearest). Dice per class is computed in 3D
 * per volume with the reference's edge cases ({@code calculate_metric_percase}: an empty prediction scores 0, a
 * prediction where the class is absent scores 1), so model selection ranks by the metric that is reported.
 */
final class Validation {

    private final List<TestVolume> volumes;
    private final int classes;

    private Validation(List<TestVolume> volumes, int classes) {
        this.volumes = volumes;
        this.classes = classes;
    }

    /** Reads the named cases and checks their labels fit {@code classes}; no cases gives an empty validation. */
    static Validation load(Path datasetDir, List<String> caseNames, int classes) {
        List<TestVolume> volumes = new ArrayList<>(caseNames.size());
        for (String name : caseNames) {
            Path file = datasetDir.resolve(PreparedDataset.VOLUME_DIR).resolve(name + ".npz");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("validation case " + name + " not found at " + file
                        + "; check lists/val.txt against the dataset's " + PreparedDataset.VOLUME_DIR + " folder");
            }
            TestVolume volume = TestVolume.read(file);
            TrainingSet.requireLabelsBelow(volume.label(), classes, file);
            volumes.add(volume);
        }
        return new Validation(List.copyOf(volumes), classes);
    }

    /** Whether there is nothing to validate on (the best checkpoint is then the last). */
    boolean isEmpty() {
        return volumes.isEmpty();
    }

    /** Mean foreground Dice of the network's eval-mode predictions on every validation volume. */
    double meanForegroundDice(SegmentationBackbone network, NDManager manager, int imageSize) {
        NetworkPredictor predictor = new NetworkPredictor(network, manager, imageSize);
        double[] perClass = new double[classes];
        for (TestVolume volume : volumes) {
            byte[] predicted = segment(volume, predictor, imageSize);
            for (int c = 1; c < classes; c++) {
                perClass[c] += dice(predicted, volume.label(), c);
            }
        }
        double sum = 0;
        for (int c = 1; c < classes; c++) {
            sum += perClass[c] / volumes.size();
        }
        return sum / (classes - 1);
    }

    private static byte[] segment(TestVolume volume, NetworkPredictor predictor, int size) {
        int h = volume.height();
        int w = volume.width();
        boolean resize = h != size || w != size;
        int slicePixels = h * w;
        int inputPixels = size * size;
        float[] inputs = new float[volume.depth() * inputPixels];
        for (int z = 0; z < volume.depth(); z++) {
            float[] slice = new float[slicePixels];
            System.arraycopy(volume.image(), z * slicePixels, slice, 0, slicePixels);
            float[] input = resize ? Zoom.zoom(slice, h, w, size, size, 3) : slice;
            System.arraycopy(input, 0, inputs, z * inputPixels, inputPixels);
        }
        byte[] classes = predictor.predict(inputs, volume.depth());
        if (!resize) {
            return classes;
        }
        byte[] prediction = new byte[volume.label().length];
        for (int z = 0; z < volume.depth(); z++) {
            byte[] out = new byte[inputPixels];
            System.arraycopy(classes, z * inputPixels, out, 0, inputPixels);
            System.arraycopy(Zoom.zoomLabels(out, size, size, h, w), 0, prediction, z * slicePixels, slicePixels);
        }
        return prediction;
    }

    /** Dice of class {@code c} with the reference's edge cases. */
    static double dice(byte[] predicted, byte[] truth, int c) {
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
        if (inPrediction == 0) {
            return 0;
        }
        return inTruth == 0 ? 1 : 2.0 * both / (inPrediction + inTruth);
    }
}
