package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.Map;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;

/**
 * One axial training slice ({@code train_npz/caseXXXX_sliceNNN.npz}).
 *
 * @param name   file name without {@code .npz}
 * @param height rows (NIfTI y)
 * @param width  columns (NIfTI x)
 * @param image  intensities in [0, 1], row-major
 * @param label  class ids, row-major (read with {@code & 0xFF})
 */
public record TrainingSlice(String name, int height, int width, float[] image, byte[] label) {

    /**
     * Reads a slice; {@code image} may be any numeric dtype, {@code label} any dtype holding integers 0..255.
     *
     * @throws InvalidInputException if keys are missing, shapes differ or are not 2-D, or labels are not class ids
     */
    public static TrainingSlice read(Path npz) {
        Map<String, NpyArray> arrays = Npz.read(npz);
        NpyArray image = NpzArrays.require(npz, arrays, "image", 2);
        NpyArray label = NpzArrays.require(npz, arrays, "label", 2);
        NpzArrays.requireSameShape(npz, image, label);
        long[] shape = image.shape();
        return new TrainingSlice(NpzArrays.stem(npz), (int) shape[0], (int) shape[1], image.asFloat32(),
                NpzArrays.labels(npz, label));
    }
}
