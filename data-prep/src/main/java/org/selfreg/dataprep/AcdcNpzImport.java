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
 * Brings MT-UNet's preprocessed ACDC archive ({@link InputLayout#ACDC_NPZ}), the one SelfReg's
 * {@code src/train_acdc/utils/dataset_ACDC.py} reads, into our layout as it is: names, split (its
 * {@code lists_ACDC/{train,valid,test}.txt}) and intensities as stored, labels 0..3. The archive carries no geometry,
 * so volumes get the identity affine and spacing 1, 1, 1 (the seed scores ACDC in unit voxels anyway).
 *
 * <p>A training slice {@code train/case_NNN_sliceED_K.npz} keeps its name; it belongs to the case
 * {@code case_NNN_volume_ED}, the name of the matching test volume. Our validation scores volumes, so the slices of a
 * validation frame in {@code valid/} are stacked in the order of K into the volume {@code case_NNN_volume_ED}.
 */
final class AcdcNpzImport {

    /** The folder of the archive's lists. */
    static final String LIST_DIR = "lists_ACDC";

    /** What the manifest records about this layout, since its geometry and intensities are not ours to choose. */
    static final Map<String, Object> MANIFEST_NOTES = Map.of(
            "geometry", "identity affine, spacing 1,1,1: MT-UNet's npz files carry no geometry",
            "intensity", "as stored in MT-UNet's archive (its normalisation is unpublished)",
            "split", "lists_ACDC as listed; validation volumes stacked from the valid/ slices in the order of K");

    private static final Pattern SLICE = Pattern.compile("(case_\\d+)_slice(ED|ES)_(\\d+)");
    private static final Pattern VOLUME = Pattern.compile("case_\\d+_volume_(ED|ES)");
    private static final double[] UNIT_SPACING = {1, 1, 1};

    /**
     * The archive's lists, checked against its files.
     *
     * @param train slice names by case, for training
     * @param valid slice names by case, in the order of K, for validation
     * @param test  test volume names in the listed order
     */
    record Archive(Map<String, List<String>> train, Map<String, List<String>> valid, List<String> test) {

        CaseSplit split() {
            return new CaseSplit(List.copyOf(train.keySet()), List.copyOf(valid.keySet()), test);
        }
    }

    private final Path input;
    private final DatasetFiles files;

    AcdcNpzImport(Path input, DatasetFiles files) {
        this.input = input;
        this.files = files;
    }

    /**
     * Reads the lists of the archive in {@code input}.
     *
     * @throws InvalidInputException if a list is missing, an entry is not an ACDC slice or volume name, or names a
     *                               file that does not exist
     */
    static Archive read(Path input) {
        List<String> test = entries(input, "test");
        for (String volume : test) {
            if (!VOLUME.matcher(volume).matches()) {
                throw new InvalidInputException(list(input, "test") + ": '" + volume + ".npz' is not a test volume "
                        + "name case_NNN_volume_{ED,ES}.npz; fix the list");
            }
        }
        return new Archive(slicesByCase(input, "train"), slicesByCase(input, "valid"), test);
    }

    /** One job per case: slices for training, a stacked volume for validation, the archive's volume for test. */
    List<CaseJob> jobs(Archive archive) {
        List<CaseJob> jobs = new ArrayList<>();
        archive.train().forEach((c, slices) -> jobs.add(new CaseJob(c, writers -> trainSlices(c, slices))));
        archive.valid().forEach((c, slices) -> jobs.add(new CaseJob(c, writers -> List.of(files.writeVolume(
                stack(c, slices), "val")))));
        for (String c : archive.test()) {
            jobs.add(new CaseJob(c, writers -> List.of(files.writeVolume(testVolume(c), "test"))));
        }
        return jobs;
    }

    private List<ManifestEntry> trainSlices(String caseName, List<String> names) {
        List<ManifestEntry> entries = new ArrayList<>();
        for (String name : names) {
            Slice slice = slice("train", name);
            entries.add(files.writeSlice(name, caseName, "train", slice.height(), slice.width(), slice.image(),
                    slice.label(), 0, UNIT_SPACING));
        }
        return entries;
    }

    private TestVolume stack(String caseName, List<String> names) {
        List<float[]> images = new ArrayList<>();
        List<byte[]> labels = new ArrayList<>();
        Slice first = null;
        for (String name : names) {
            Slice slice = slice("valid", name);
            if (first != null && (slice.height() != first.height() || slice.width() != first.width())) {
                throw new InvalidInputException(file("valid", name) + " is " + slice.height() + "x" + slice.width()
                        + " but " + first.name() + " of the same frame is " + first.height() + "x" + first.width()
                        + "; a frame's slices must share one shape");
            }
            first = first == null ? slice : first;
            images.add(slice.image());
            labels.add(slice.label());
        }
        return TransUNetImport.stack(caseName, first.height(), first.width(), images, labels);
    }

    private TestVolume testVolume(String name) {
        Path file = file("test", name);
        Map<String, NpyArray> arrays = Npz.read(file);
        NpyArray image = NpzArrays.require(file, arrays, "img", 3);
        NpyArray label = NpzArrays.require(file, arrays, "label", 3);
        NpzArrays.requireSameShape(file, image, label);
        long[] shape = image.shape();
        return new TestVolume(name, (int) shape[0], (int) shape[1], (int) shape[2],
                TransUNetImport.requireFinite(file, image.asFloat32()), AcdcLabels.classIds(file, label.asFloat32()),
                Affines.identity(), UNIT_SPACING);
    }

    /** One 2-D slice of {@code folder}. */
    private record Slice(String name, int height, int width, float[] image, byte[] label) {
    }

    private Slice slice(String folder, String name) {
        Path file = file(folder, name);
        Map<String, NpyArray> arrays = Npz.read(file);
        NpyArray image = NpzArrays.require(file, arrays, "img", 2);
        NpyArray label = NpzArrays.require(file, arrays, "label", 2);
        NpzArrays.requireSameShape(file, image, label);
        return new Slice(name, (int) image.shape()[0], (int) image.shape()[1],
                TransUNetImport.requireFinite(file, image.asFloat32()), AcdcLabels.classIds(file, label.asFloat32()));
    }

    private Path file(String folder, String name) {
        return input.resolve(folder).resolve(name + ".npz");
    }

    /** The slices a list names, grouped by the case ({@code case_NNN_volume_ED}) they belong to, in the order of K. */
    private static Map<String, List<String>> slicesByCase(Path input, String folder) {
        Map<String, List<String>> byCase = new TreeMap<>();
        for (String slice : entries(input, folder)) {
            Matcher m = SLICE.matcher(slice);
            if (!m.matches()) {
                throw new InvalidInputException(list(input, folder) + ": '" + slice + ".npz' is not a slice name "
                        + "case_NNN_slice{ED,ES}_K.npz; fix the list");
            }
            byCase.computeIfAbsent(m.group(1) + "_volume_" + m.group(2), c -> new ArrayList<>()).add(slice);
        }
        byCase.values().forEach(s -> s.sort(Comparator.comparingInt(AcdcNpzImport::sliceIndex)));
        return byCase;
    }

    /** A list's entries without {@code .npz}, each checked to name an existing file in {@code folder}. */
    private static List<String> entries(Path input, String folder) {
        Path list = list(input, folder);
        List<String> names = new ArrayList<>();
        for (String entry : DatasetLists.read(list)) {
            String name = entry.endsWith(".npz") ? entry.substring(0, entry.length() - ".npz".length()) : entry;
            Path file = input.resolve(folder).resolve(name + ".npz");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(list + " names " + entry + " but " + file + " does not exist; "
                        + "fix the list or restore the file");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new InvalidInputException(list + " lists no files; the acdc-npz layout needs train, valid and test");
        }
        return names;
    }

    private static Path list(Path input, String folder) {
        return input.resolve(LIST_DIR).resolve(folder + ".txt");
    }

    private static int sliceIndex(String slice) {
        Matcher m = SLICE.matcher(slice);
        return m.matches() ? Integer.parseInt(m.group(3)) : 0;
    }
}
