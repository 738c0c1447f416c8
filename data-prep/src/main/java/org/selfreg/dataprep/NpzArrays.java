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

    /**
     * The {@code image} array of a file whose labels have {@code labelRank} dimensions: of that rank for one channel,
     * or with a channel axis before the last two ({@code (C, H, W)} for a slice, {@code (D, C, H, W)} for a volume).
     */
    static NpyArray requireImage(Path file, Map<String, NpyArray> arrays, int labelRank) {
        NpyArray image = arrays.get("image");
        return image != null && image.shape().length == labelRank + 1 ? image
                : require(file, arrays, "image", labelRank);
    }

    /**
     * Checks that {@code image} has the planes of {@code label}, with or without a channel axis before the last two.
     *
     * @return the image's channels
     */
    static int requireSamePlanes(Path file, NpyArray image, NpyArray label) {
        long[] shape = image.shape();
        long[] planes = shape;
        int channels = 1;
        if (shape.length == label.shape().length + 1) {
            channels = (int) shape[shape.length - 3];
            planes = new long[label.shape().length];
            System.arraycopy(shape, 0, planes, 0, shape.length - 3);
            planes[planes.length - 2] = shape[shape.length - 2];
            planes[planes.length - 1] = shape[shape.length - 1];
            if (channels != 1 && channels != 3) {
                throw new InvalidInputException(file + ": image shape " + Arrays.toString(shape) + " has " + channels
                        + " channels; images have 1 or 3");
            }
        }
        if (!Arrays.equals(planes, label.shape())) {
            throw new InvalidInputException(file + ": image shape " + Arrays.toString(shape)
                    + " differs from label shape " + Arrays.toString(label.shape()));
        }
        return channels;
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
