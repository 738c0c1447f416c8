package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dataset on local disk in TransUNet's layout: {@code train_npz/<slice>.npz}, {@code test_vol/<case>.npz},
 * {@code lists/*.txt} and {@code manifest.json}.
 *
 * @param dir         the dataset root
 * @param digest      the manifest digest that names the dataset
 * @param trainSlices slice names to train on ({@code case0005_slice000}, ...)
 * @param valCases    validation cases; their slices are in {@code train_npz} and volumes in {@code test_vol}; with
 *                    cross-validation folds, the cases of every fold until {@link #forFold} picks one
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

    /** The list file, under {@link #LIST_DIR}, of cross-validation fold {@code fold}'s validation cases. */
    public static String foldList(int fold) {
        return "fold_" + fold + ".txt";
    }

    /** How many cross-validation folds the dataset was prepared with (0: none); the manifest lists their files. */
    public int folds() {
        return foldLists(DatasetManifest.read(dir)).size();
    }

    /**
     * The dataset as fold {@code fold} of its cross-validation sees it: the fold's cases validate, the slices of the
     * other folds' cases train, the test cases stay.
     *
     * @throws InvalidInputException if the dataset has no such fold, or the fold's list does not match the manifest
     */
    public PreparedDataset forFold(int fold) {
        DatasetManifest manifest = DatasetManifest.read(dir);
        List<String> foldLists = foldLists(manifest);
        if (fold < 0 || fold >= foldLists.size()) {
            throw new InvalidInputException("dataset " + digest + " has " + (foldLists.isEmpty() ? "no folds"
                    : foldLists.size() + " folds (0.." + (foldLists.size() - 1) + ")") + ", so there is no fold " + fold
                    + ": give the dataset 'folds' and the trial a 'fold' below it");
        }
        String listPath = LIST_DIR + "/" + foldList(fold);
        if (!Sha256.of(dir.resolve(listPath)).equals(manifest.lists().get(listPath))) {
            throw new InvalidInputException(dir.resolve(listPath) + " does not match " + DatasetManifest.FILE_NAME
                    + "; the lists were edited, re-run data preparation or fetch the dataset again");
        }
        Set<String> validating = Set.copyOf(DatasetLists.read(dir.resolve(listPath)));
        Map<String, String> caseOfSlice = new HashMap<>();
        for (ManifestEntry entry : manifest.entries()) {
            if (entry.file().startsWith(TRAIN_DIR + "/")) {
                caseOfSlice.put(entry.file().substring(TRAIN_DIR.length() + 1, entry.file().length() - 4),
                        entry.caseName());
            }
        }
        List<String> training = trainSlices.stream().filter(s -> !validating.contains(caseOfSlice.get(s))).toList();
        return new PreparedDataset(dir, digest, training, validating.stream().sorted().toList(), testCases,
                description);
    }

    private static List<String> foldLists(DatasetManifest manifest) {
        List<String> lists = new ArrayList<>();
        while (manifest.lists().containsKey(LIST_DIR + "/" + foldList(lists.size()))) {
            lists.add(foldList(lists.size()));
        }
        return lists;
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
