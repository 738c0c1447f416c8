package org.selfreg.eval.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.SlicePredictor;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.VolumeSegmenter;

/**
 * Whole-volume inference speed in slices per second: {@link VolumeSegmenter} on a 512x512xD volume with a UNet
 * trained for one epoch on a few synthetic slices (the weights do not change the speed), at model size 224 (cubic zoom
 * in, nearest zoom back included) and at the native 512, for several batch sizes. A row with no model isolates the
 * zoom cost. Not a test: run {@code ./bench/run inference}.
 *
 * <p>Arguments: work directory, depth D, UNet base widths (comma list), batch sizes (comma list).
 */
public final class InferenceBenchmark {

    private static final int SIDE = 512;
    private static final int CLASSES = 9;

    private InferenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int depth = Integer.parseInt(args[1]);
        List<Integer> widths = integers(args[2]);
        List<Integer> batches = integers(args[3]);
        TestVolume volume = volume(depth);
        System.out.println("| model | model input | batch | slices/s | seconds |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int batch : batches) {
            row("no model (zoom only)", 224, batch, volume, new NoModel(224));
        }
        for (int width : widths) {
            for (int size : List.of(224, SIDE)) {
                Path checkpoint = train(work.resolve("w" + width + "-s" + size), width, size);
                try (TrainedModel model = TrainedModel.load(checkpoint)) {
                    new VolumeSegmenter(model, batches.getFirst()).segment(volume(2)); // warm-up
                    for (int batch : batches) {
                        row("UNet width " + width, size, batch, volume, model);
                    }
                }
            }
        }
    }

    private static void row(String name, int size, int batch, TestVolume volume, SlicePredictor model) {
        long start = System.nanoTime();
        new VolumeSegmenter(model, batch).segment(volume);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f |%n", name, size, batch,
                volume.depth() / seconds, seconds);
    }

    /** Trains one epoch on four synthetic slices and returns the checkpoint. */
    private static Path train(Path dir, int width, int size) {
        Random random = new Random(width * 31L + size);
        List<String> names = new ArrayList<>();
        try {
            Files.createDirectories(dir.resolve("train_npz"));
            for (int n = 0; n < 4; n++) {
                Map<String, NpyArray> arrays = new LinkedHashMap<>();
                float[] image = new float[size * size];
                byte[] label = new byte[size * size];
                for (int i = 0; i < image.length; i++) {
                    label[i] = (byte) ((i / size) * CLASSES / size);
                    image[i] = label[i] / (float) CLASSES + 0.1f * (float) random.nextGaussian();
                }
                arrays.put("image", NpyArray.ofFloat32(image, size, size));
                arrays.put("label", NpyArray.ofUint8(label, size, size));
                String name = "slice" + n;
                Npz.write(dir.resolve("train_npz").resolve(name + ".npz"), arrays, false);
                names.add(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TrainConfig config = new TrainConfig(0.015, 0.015, 1, 4, 0.01, 0.9, 1e-4, width, CLASSES, size, 1234,
                0.4, 0.6);
        return new SegmentationTrainer().train(dir, names, config, dir.resolve("checkpoints"),
                new TrainingListener() { }).lastCheckpoint();
    }

    private static TestVolume volume(int depth) {
        Random random = new Random(depth);
        float[] image = new float[depth * SIDE * SIDE];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        double[][] affine = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        return new TestVolume("bench", depth, SIDE, SIDE, image, new byte[image.length], affine,
                new double[] {1, 1, 1});
    }

    private static List<Integer> integers(String commaList) {
        return Arrays.stream(commaList.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    /** Answers background for every pixel at once: what remains is the zoom and copy cost. */
    private record NoModel(int side) implements SlicePredictor {
        @Override
        public int inputHeight() {
            return side;
        }

        @Override
        public int inputWidth() {
            return side;
        }

        @Override
        public int classes() {
            return CLASSES;
        }

        @Override
        public byte[] predict(float[] slices, int count) {
            return new byte[count * side * side];
        }

        @Override
        public void close() {
        }
    }
}
