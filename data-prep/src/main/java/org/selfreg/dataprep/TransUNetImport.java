package org.selfreg.dataprep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;

/**
 * Brings TransUNet's preprocessed Synapse data into our layout without re-windowing it: its {@code train_npz} slices
 * are already clipped and scaled to [0, 1], so images are copied as float32 and labels mapped to uint8 class ids.
 * Validation cases are held out of the training list; their volumes are stacked from their slices. Test volumes come
 * from {@code test_vol_h5}. TransUNet's files carry no geometry, so every volume gets the identity affine and spacing
 * 1, 1, 1 (the manifest says so).
 */
final class TransUNetImport {

    /** What the manifest records about this layout, since its geometry and intensities are not ours to choose. */
    static final Map<String, Object> MANIFEST_NOTES = Map.of(
            "geometry", "identity affine, spacing 1,1,1: TransUNet's npz and h5 files carry no geometry",
            "intensity", "as stored: TransUNet's files are already clipped to [-125, 275] HU and scaled to [0, 1]; "
                    + "huMin and huMax are not applied");

    private static final Pattern SLICE = Pattern.compile("(.+)_slice(\\d+)");
    private static final double[] UNIT_SPACING = {1, 1, 1};
    private static final String H5_SUFFIX = ".npy.h5";

    private final Path input;
    private final LabelRemap remap;
    private final DatasetFiles files;

    TransUNetImport(Path input, PreprocessConfig config, DatasetFiles files) {
        this.input = input;
        this.remap = new LabelRemap(config.labelMap());
        this.files = files;
    }

    /** The list folder: {@code lists/lists_Synapse/} as TransUNet ships it, else {@code lists/}. */
    static Path listDir(Path input) {
        Path synapse = input.resolve("lists").resolve("lists_Synapse");
        return Files.isRegularFile(synapse.resolve(DatasetLists.TRAIN)) ? synapse : input.resolve("lists");
    }

    /** Training slice names of each case, in slice order. */
    static Map<String, List<String>> slicesByCase(Path trainList) {
        Map<String, List<String>> byCase = new TreeMap<>();
        for (String slice : DatasetLists.read(trainList)) {
            Matcher m = SLICE.matcher(slice);
            if (!m.matches()) {
                throw new InvalidInputException(trainList + ": '" + slice + "' is not a slice name <case>_sliceNNN");
            }
            byCase.computeIfAbsent(m.group(1), c -> new ArrayList<>()).add(slice);
        }
        byCase.values().forEach(s -> s.sort(Comparator.comparingInt(TransUNetImport::sliceIndex)));
        return byCase;
    }

    /** One job per case of the split: slices (and a stacked volume) for train/val cases, the h5 volume for test cases. */
    List<CaseJob> jobs(CaseSplit split, Map<String, List<String>> slicesByCase) {
        List<CaseJob> jobs = new ArrayList<>();
        for (String c : split.train()) {
            jobs.add(new CaseJob(c, writers -> slices(c, "train", slicesByCase.get(c), false)));
        }
        for (String c : split.val()) {
            jobs.add(new CaseJob(c, writers -> slices(c, "val", slicesByCase.get(c), true)));
        }
        for (String c : split.test()) {
            jobs.add(new CaseJob(c, writers -> List.of(testVolume(c))));
        }
        return jobs;
    }

    private List<ManifestEntry> slices(String caseName, String split, List<String> names, boolean alsoVolume) {
        List<ManifestEntry> entries = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<byte[]> labels = new ArrayList<>();
        int height = -1;
        int width = -1;
        for (String name : names) {
            Path file = input.resolve("train_npz").resolve(name + ".npz");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file + " is listed in train.txt but does not exist; "
                        + "fix the list or restore the file");
            }
            Map<String, NpyArray> arrays = Npz.read(file);
            NpyArray image = NpzArrays.require(file, arrays, "image", 2);
            NpyArray label = NpzArrays.require(file, arrays, "label", 2);
            NpzArrays.requireSameShape(file, image, label);
            long[] shape = image.shape();
            if (height >= 0 && (shape[0] != height || shape[1] != width)) {
                throw new InvalidInputException(file + " is " + shape[0] + "x" + shape[1] + " but earlier slices of "
                        + caseName + " are " + height + "x" + width + "; all slices of a case must share one shape");
            }
            height = (int) shape[0];
            width = (int) shape[1];
            float[] pixels = requireFinite(file, image.asFloat32());
            byte[] classes = remap.apply(file, label.asFloat32());
            entries.add(files.writeSlice(name, caseName, split, height, width, pixels, classes, 0, UNIT_SPACING));
            if (alsoVolume) {
                images.add(pixels);
                labels.add(classes);
            }
        }
        if (alsoVolume) {
            entries.add(files.writeVolume(stack(caseName, height, width, images, labels), split));
        }
        return entries;
    }

    private ManifestEntry testVolume(String caseName) {
        Path file = input.resolve("test_vol_h5").resolve(caseName + H5_SUFFIX);
        H5Volume h5 = H5Volume.read(file);
        TestVolume volume = new TestVolume(caseName, h5.depth(), h5.height(), h5.width(),
                requireFinite(file, h5.image()), remap.apply(file, h5.label()), Affines.identity(), UNIT_SPACING);
        return files.writeVolume(volume, "test");
    }

    static TestVolume stack(String caseName, int height, int width, List<float[]> images, List<byte[]> labels) {
        int plane = height * width;
        float[] image = new float[images.size() * plane];
        byte[] label = new byte[image.length];
        for (int z = 0; z < images.size(); z++) {
            System.arraycopy(images.get(z), 0, image, z * plane, plane);
            System.arraycopy(labels.get(z), 0, label, z * plane, plane);
        }
        return new TestVolume(caseName, images.size(), height, width, image, label, Affines.identity(), UNIT_SPACING);
    }

    static float[] requireFinite(Path file, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException(file + " has a non-finite image value (" + values[i] + ") at index " + i
                        + "; re-create the file from its source CT");
            }
        }
        return values;
    }

    private static int sliceIndex(String slice) {
        Matcher m = SLICE.matcher(slice);
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }
}
