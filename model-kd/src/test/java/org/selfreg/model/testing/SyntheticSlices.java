package org.selfreg.model.testing;

import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a small learnable dataset: bright discs labelled 1 and squares labelled 2 on a dark noisy background, so a
 * few steps visibly lower the loss. Training slices go to {@code <dir>/train_npz/<name>.npz}, validation volumes to
 * {@code <dir>/test_vol/<case>.npz}.
 */
public final class SyntheticSlices {

    private static final double[][] IDENTITY = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};

    private SyntheticSlices() {
    }

    /** Writes {@code count} slices of {@code size x size} and returns their names. */
    public static List<String> write(Path datasetDir, int count, int size, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        Path dir = createDirectories(datasetDir.resolve("train_npz"));
        for (int n = 0; n < count; n++) {
            float[] image = new float[size * size];
            byte[] label = new byte[size * size];
            draw(random, size, image, label, 0);
            String name = String.format("case%04d_slice%03d", n / 10, n % 10);
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            arrays.put("image", NpyArray.ofFloat32(image, size, size));
            arrays.put("label", NpyArray.ofUint8(label, size, size));
            Npz.write(dir.resolve(name + ".npz"), arrays, false);
            names.add(name);
        }
        return names;
    }

    /** Writes {@code count} volumes of {@code depth} slices of {@code size x size} and returns their case names. */
    public static List<String> writeVolumes(Path datasetDir, int count, int depth, int size, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        Path dir = createDirectories(datasetDir.resolve(PreparedDataset.VOLUME_DIR));
        for (int n = 0; n < count; n++) {
            int pixels = size * size;
            float[] image = new float[depth * pixels];
            byte[] label = new byte[depth * pixels];
            for (int z = 0; z < depth; z++) {
                draw(random, size, image, label, z * pixels);
            }
            String name = String.format("case%04d", 9000 + n);
            new TestVolume(name, depth, size, size, image, label, IDENTITY, new double[] {1, 1, 1})
                    .write(dir.resolve(name + ".npz"));
            names.add(name);
        }
        return names;
    }

    /**
     * Writes a 2-D RGB binary dataset as data-prep writes histology: {@code count} training images (3, size, size)
     * with a reddish disc labelled 1 on a pale noisy background, and {@code validation} one-slice volumes of the
     * same kind; returns the training names and the validation cases.
     */
    public static RgbBinary writeRgbBinary(Path datasetDir, int count, int validation, int size, long seed) {
        Random random = new Random(seed);
        Path slices = createDirectories(datasetDir.resolve("train_npz"));
        Path volumes = createDirectories(datasetDir.resolve(PreparedDataset.VOLUME_DIR));
        List<String> names = new ArrayList<>();
        List<String> cases = new ArrayList<>();
        for (int n = 0; n < count + validation; n++) {
            float[] image = new float[3 * size * size];
            byte[] label = new byte[size * size];
            drawRgb(random, size, image, label);
            String name = String.format("image%03d", n);
            if (n < count) {
                Map<String, NpyArray> arrays = new LinkedHashMap<>();
                arrays.put("image", NpyArray.ofFloat32(image, 3, size, size));
                arrays.put("label", NpyArray.ofUint8(label, size, size));
                Npz.write(slices.resolve(name + ".npz"), arrays, false);
                names.add(name);
            } else {
                new TestVolume(name, 1, 3, size, size, image, label, IDENTITY, new double[] {1, 1, 1}, null)
                        .write(volumes.resolve(name + ".npz"));
                cases.add(name);
            }
        }
        return new RgbBinary(names, cases);
    }

    /** The names {@link #writeRgbBinary} wrote: training images and validation cases. */
    public record RgbBinary(List<String> trainSlices, List<String> valCases) {
    }

    private static void drawRgb(Random random, int size, float[] image, byte[] label) {
        int plane = size * size;
        int cx = size / 4 + random.nextInt(size / 2);
        int cy = size / 4 + random.nextInt(size / 2);
        int radius = size / 6 + random.nextInt(size / 8);
        float[] disc = {0.7f, 0.2f, 0.4f};
        float[] background = {0.9f, 0.8f, 0.85f};
        for (int i = 0; i < plane; i++) {
            int x = i % size;
            int y = i / size;
            boolean inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
            label[i] = (byte) (inside ? 1 : 0);
            for (int c = 0; c < 3; c++) {
                image[c * plane + i] = (float) ((inside ? disc[c] : background[c]) + 0.05 * random.nextGaussian());
            }
        }
    }

    /** One slice into {@code image}/{@code label} at {@code offset}. */
    private static void draw(Random random, int size, float[] image, byte[] label, int offset) {
        int cx = size / 4 + random.nextInt(size / 2);
        int cy = size / 4 + random.nextInt(size / 2);
        int radius = size / 8 + random.nextInt(size / 8);
        int sx = random.nextInt(size / 2);
        int sy = random.nextInt(size / 2);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = offset + y * size + x;
                image[i] = (float) (0.1 + 0.05 * random.nextGaussian());
                if (x >= sx && x < sx + size / 4 && y >= sy && y < sy + size / 4) {
                    label[i] = 2;
                    image[i] += 0.4f;
                }
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
                    label[i] = 1;
                    image[i] = (float) (0.8 + 0.05 * random.nextGaussian());
                }
            }
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
