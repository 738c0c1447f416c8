package org.selfreg.dataprep.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;

/**
 * Writes the patients of {@link AcdcGenerator} as MT-UNet's preprocessed ACDC archive (the layout SelfReg's
 * {@code src/train_acdc/utils/dataset_ACDC.py} reads): {@code train/} and {@code valid/case_NNN_slice{ED,ES}_K.npz}
 * with {@code img} float32 [H, W] and {@code label} uint8 [H, W], {@code test/case_NNN_volume_{ED,ES}.npz} with
 * {@code img} [D, H, W] and {@code label} [D, H, W], and {@code lists_ACDC/{train,valid,test}.txt} of file names with
 * {@code .npz}. Images are min-max scaled per frame, a stand-in for MT-UNet's unpublished normalisation.
 *
 * <p>The first fifth of the patients (at least one) test, the next tenth (at least one) validate, the rest train,
 * mirroring MT-UNet's 70/10/20 proportions.
 */
public final class AcdcNpzGenerator {

    private AcdcNpzGenerator() {
    }

    /**
     * Writes {@code patients} patients (at least 3) under {@code root}; the same seed gives the same files.
     *
     * @return the lists as written: {@code train}, {@code valid} and {@code test} file names
     */
    public static Map<String, List<String>> write(Path root, int patients, long seed) {
        if (patients < 3) {
            throw new IllegalArgumentException("an archive needs a training, a validation and a test patient, got "
                    + patients);
        }
        int test = Math.max(1, patients / 5);
        int valid = Math.max(1, patients / 10);
        Map<String, List<String>> lists = Map.of("train", new ArrayList<>(), "valid", new ArrayList<>(), "test",
                new ArrayList<>());
        for (int n = 1; n <= patients; n++) {
            AcdcGenerator.Patient patient = AcdcGenerator.patient(n, seed);
            String folder = n <= test ? "test" : n <= test + valid ? "valid" : "train";
            String caseName = String.format("case_%03d", n);
            for (String phase : List.of("ED", "ES")) {
                AcdcGenerator.Frame frame = phase.equals("ED") ? patient.ed() : patient.es();
                lists.get(folder).addAll(folder.equals("test") ? writeVolume(root, caseName, phase, frame)
                        : writeSlices(root.resolve(folder), caseName, phase, frame));
            }
        }
        lists.forEach((folder, names) -> writeList(root.resolve("lists_ACDC").resolve(folder + ".txt"), names));
        return lists;
    }

    private static List<String> writeVolume(Path root, String caseName, String phase, AcdcGenerator.Frame frame) {
        String name = caseName + "_volume_" + phase + ".npz";
        long[] shape = {AcdcGenerator.SLICES, AcdcGenerator.SIZE, AcdcGenerator.SIZE};
        write(root.resolve("test").resolve(name), NpyArray.ofFloat32(scaled(frame.image().data()), shape),
                NpyArray.ofUint8(classIds(frame.label().data()), shape));
        return List.of(name);
    }

    private static List<String> writeSlices(Path dir, String caseName, String phase, AcdcGenerator.Frame frame) {
        float[] image = scaled(frame.image().data());
        byte[] label = classIds(frame.label().data());
        int plane = AcdcGenerator.SIZE * AcdcGenerator.SIZE;
        List<String> names = new ArrayList<>();
        for (int k = 0; k < AcdcGenerator.SLICES; k++) {
            String name = caseName + "_slice" + phase + "_" + k + ".npz";
            write(dir.resolve(name),
                    NpyArray.ofFloat32(Arrays.copyOfRange(image, k * plane, (k + 1) * plane), AcdcGenerator.SIZE,
                            AcdcGenerator.SIZE),
                    NpyArray.ofUint8(Arrays.copyOfRange(label, k * plane, (k + 1) * plane), AcdcGenerator.SIZE,
                            AcdcGenerator.SIZE));
            names.add(name);
        }
        return names;
    }

    private static void write(Path file, NpyArray img, NpyArray label) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        // Ordered as MT-UNet's np.savez(img=..., label=...); Map.of's order differs from run to run.
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("img", img);
        arrays.put("label", label);
        Npz.write(file, arrays, false);
    }

    private static float[] scaled(float[] values) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = max > min ? (float) ((values[i] - min) / (max - min)) : 0f;
        }
        return out;
    }

    private static byte[] classIds(float[] labels) {
        byte[] ids = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ids[i] = (byte) labels[i];
        }
        return ids;
    }

    private static void writeList(Path file, List<String> names) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, names, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
