package org.selfreg.model;

import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.TrainingSlice;
import org.selfreg.model.augment.Slice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the training slices of a dataset directory ({@code <dir>/train_npz/<slice>.npz}) into memory. */
final class TrainingSet {

    private TrainingSet() {
    }

    /** Reads every named slice and checks that its labels fit {@code classes}. */
    static List<Slice> load(Path datasetDir, List<String> sliceNames, int classes) {
        if (sliceNames.isEmpty()) {
            throw new InvalidInputException("no training slices given for dataset " + datasetDir
                    + "; pass the names listed in train.txt");
        }
        List<Slice> slices = new ArrayList<>(sliceNames.size());
        for (String name : sliceNames) {
            Path file = datasetDir.resolve("train_npz").resolve(name + ".npz");
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("training slice " + name + " not found at " + file
                        + "; check the slice list against the dataset's train_npz folder");
            }
            TrainingSlice slice = TrainingSlice.read(file);
            requireLabelsBelow(slice.label(), classes, file);
            slices.add(new Slice(slice.height(), slice.width(), slice.image(), slice.label()));
        }
        return slices;
    }

    /** Rejects label values the network has no class for, naming the file and the fix. */
    static void requireLabelsBelow(byte[] label, int classes, Path file) {
        for (byte value : label) {
            int id = Byte.toUnsignedInt(value);
            if (id >= classes) {
                throw new InvalidInputException("label " + id + " in " + file + " is outside 0.." + (classes - 1)
                        + "; set TrainConfig.classes to the dataset's class count");
            }
        }
    }
}
