package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset on local disk in TransUNet's layout: {@code train_npz/<slice>.npz}, {@code test_vol/<case>.npz},
 * {@code lists/*.txt} and {@code manifest.json}.
 *
 * @param dir         the dataset root
 * @param digest      the manifest digest that names the dataset
 * @param trainSlices slice names to train on ({@code case0005_slice000}, ...)
 * @param valCases    validation cases; their slices are in {@code train_npz} and volumes in {@code test_vol}
 * @param testCases   test cases in evaluation order; their volumes are in {@code test_vol}
 * @param description what the dataset is, from its manifest
 */
public record PreparedDataset(Path dir, String digest, List<String> trainSlices, List<String> valCases,
                              List<String> testCases, DatasetDescription description) {

    public static final String TRAIN_DIR = "train_npz";
    public static final String VOLUME_DIR = "test_vol";
    public static final String LIST_DIR = "lists";

    public PreparedDataset {
        trainSlices = List.copyOf(trainSlices);
        valCases = List.copyOf(valCases);
        testCases = List.copyOf(testCases);
    }

    /** Number of classes, background included. */
    public int classes() {
        return description.classes();
    }

    /**
     * Opens a dataset written by {@link Preprocessor} (or fetched from S3): reads the manifest, checks its digest,
     * and reads the list files, which must agree with it.
     *
     * @throws InvalidInputException if the manifest or a list is missing, altered or unsafe
     */
    public static PreparedDataset load(Path dir) {
        DatasetManifest manifest = DatasetManifest.read(dir);
        Path lists = dir.resolve(LIST_DIR);
        PreparedDataset dataset = new PreparedDataset(dir, manifest.digest(),
                DatasetLists.read(lists.resolve(DatasetLists.TRAIN)), DatasetLists.read(lists.resolve(DatasetLists.VAL)),
                DatasetLists.read(lists.resolve(DatasetLists.TEST)), manifest.description());
        // The lists are what training reads; the manifest is what the digest covers. They must agree.
        if (!dataset.trainSlices().equals(manifest.trainSlices()) || !dataset.valCases().equals(manifest.valCases())
                || !dataset.testCases().equals(manifest.testCases())) {
            throw new InvalidInputException(lists + " does not match " + DatasetManifest.FILE_NAME
                    + "; the lists were edited, re-run data preparation or fetch the dataset again");
        }
        return dataset;
    }

    /** The file of a training (or validation) slice. */
    public Path slicePath(String sliceName) {
        return dir.resolve(TRAIN_DIR).resolve(sliceName + ".npz");
    }

    /** The file of a validation or test volume. */
    public Path volumePath(String caseName) {
        return dir.resolve(VOLUME_DIR).resolve(caseName + ".npz");
    }
}
