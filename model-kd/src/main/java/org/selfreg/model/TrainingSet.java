package org.selfreg.model;

import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.TrainingSlice;
import org.selfreg.model.augment.Slice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training slices of a dataset directory ({@code <dir>/train_npz/<slice>.npz}), read from disk one at a time when
 * a batch needs them, as the reference's {@code Synapse_dataset.__getitem__} (TransUNet's
 * {@code datasets/dataset_synapse.py}) reads one {@code .npz} per item: the heap holds the slices of the batches in
 * flight, never the dataset (Synapse's 2,211 training slices of 512x512 are 2.9 GB).
 */
final class TrainingSet {

    private final List<Path> files;
    private final int classes;
    private final int channels;

    private TrainingSet(List<Path> files, int classes, int channels) {
        this.files = files;
        this.classes = classes;
        this.channels = channels;
    }

    /**
     * The named slices, which must all exist; their content is checked as each is read.
     *
     * @throws InvalidInputException when the list is empty or a slice file is missing
     */
    static TrainingSet open(Path datasetDir, List<String> sliceNames, int classes, int channels) {
        if (sliceNames.isEmpty()) {
            throw new InvalidInputException("no training slices given for dataset " + datasetDir
                    + "; pass the names listed in train.txt");
        }
        List<Path> files = new ArrayList<>(sliceNames.size());
        for (String name : sliceNames) {
            Path file = datasetDir.resolve("train_npz").resolve(name + ".npz");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("training slice " + name + " not found at " + file
                        + "; check the slice list against the dataset's train_npz folder");
            }
            files.add(file);
        }
        return new TrainingSet(List.copyOf(files), classes, channels);
    }

    /** Number of slices. */
    int size() {
        return files.size();
    }

    /**
     * Reads slice {@code index} and checks that its channels and labels fit the network.
     *
     * @throws InvalidInputException when the file is not a training slice, has other channels than the network takes
     *                               or holds a label without a class
     */
    Slice read(int index) {
        Path file = files.get(index);
        TrainingSlice slice = TrainingSlice.read(file);
        requireChannels(slice.channels(), channels, file);
        requireLabelsBelow(slice.label(), classes, file);
        return new Slice(slice.channels(), slice.height(), slice.width(), slice.image(), slice.label());
    }

    /** Rejects images whose channels are not the network's, naming the file and the fix. */
    static void requireChannels(int found, int expected, Path file) {
        if (found != expected) {
            throw new InvalidInputException(file + " has " + found + " image channels but the network takes "
                    + expected + "; train with the dataset's channels (TrainConfig.forDataset)");
        }
    }

    /** Rejects label values the network has no class for, naming the file and the fix. */
    static void requireLabelsBelow(byte[] label, int classes, Path file) {
        for (byte value : label) {
            int id = Byte.toUnsignedInt(value);
            if (id >= classes) {
                throw new InvalidInputException("label " + id + " in " + file + " is outside 0.." + (classes - 1)
                        + "; train with the dataset's classes (TrainConfig.forDataset)");
            }
        }
    }
}
