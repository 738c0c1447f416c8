package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.selfreg.dataprep.npz.NpyArray;

/** Checks shared by the dataset readers, each failure naming the file and the array. */
final class NpzArrays {

    private NpzArrays() {
    }

    static NpyArray require(Path file, Map<String, NpyArray> arrays, String key, int rank) {
        NpyArray array = arrays.get(key);
        if (array == null) {
            throw new InvalidInputException(file + " has no '" + key + "' array (found " + arrays.keySet()
                    + "); it is not a dataset file written by data-prep or TransUNet");
        }
        if (array.shape().length != rank) {
            throw new InvalidInputException(file + ": '" + key + "' has shape " + Arrays.toString(array.shape())
                    + ", expected " + rank + " dimensions");
        }
        return array;
    }

    static void requireSameShape(Path file, NpyArray image, NpyArray label) {
        if (!Arrays.equals(image.shape(), label.shape())) {
            throw new InvalidInputException(file + ": image shape " + Arrays.toString(image.shape())
                    + " differs from label shape " + Arrays.toString(label.shape()));
        }
    }

    static byte[] labels(Path file, NpyArray label) {
        try {
            return label.asUint8();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": 'label' " + e.getMessage(), e);
        }
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
    }
}
