package org.selfreg.dataprep;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A TransUNet test volume ({@code test_vol_h5/caseNNNN.npy.h5}): datasets {@code image} (D, H, W) already in [0, 1]
 * and {@code label} (D, H, W) class ids, any numeric HDF5 type, contiguous or chunked and compressed, as h5py writes.
 *
 * @param depth  slices
 * @param height rows
 * @param width  columns
 * @param image  intensities, C order
 * @param label  raw label values, C order (still to be mapped)
 */
record H5Volume(int depth, int height, int width, float[] image, float[] label) {

    /**
     * Reads {@code file}.
     *
     * @throws InvalidInputException if the file is missing or not HDF5, a dataset is missing or not 3-D, or the shapes
     *                               of image and label differ
     */
    static H5Volume read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " does not exist; every case of test_vol.txt needs its .npy.h5 volume");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            Dataset image = dataset(file, hdf, "image");
            Dataset label = dataset(file, hdf, "label");
            int[] shape = image.getDimensions();
            if (!Arrays.equals(shape, label.getDimensions())) {
                throw new InvalidInputException(file + ": image shape " + Arrays.toString(shape) + " differs from label shape "
                        + Arrays.toString(label.getDimensions()));
            }
            return new H5Volume(shape[0], shape[1], shape[2], floats(image.getDataFlat()), floats(label.getDataFlat()));
        } catch (HdfException | UnsupportedOperationException e) {
            throw new InvalidInputException(file + " is not a readable HDF5 volume (" + e.getMessage()
                    + "); re-create it with h5py or re-download it", e);
        }
    }

    private static Dataset dataset(Path file, HdfFile hdf, String name) {
        Node node = hdf.getChildren().get(name);
        if (!(node instanceof Dataset dataset)) {
            throw new InvalidInputException(file + " has no '" + name + "' dataset (found " + hdf.getChildren().keySet()
                    + "); it is not a TransUNet test volume");
        }
        if (dataset.getDimensions().length != 3) {
            throw new InvalidInputException(file + ": '" + name + "' has shape " + Arrays.toString(dataset.getDimensions())
                    + ", expected (D, H, W)");
        }
        return dataset;
    }

    /** Any numeric primitive array as float[]; float32, TransUNet's type, is returned as is. */
    private static float[] floats(Object flat) {
        if (flat instanceof float[] f) {
            return f;
        }
        int n = Array.getLength(flat);
        float[] out = new float[n];
        if (flat instanceof double[] d) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) d[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) Array.getDouble(flat, i);
            }
        }
        return out;
    }
}
