package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.Map;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;

/**
 * One training slice or image ({@code train_npz/<name>.npz}): {@code image} is (H, W) for one channel, as TransUNet
 * writes it, or (C, H, W) for several (RGB histology); {@code label} is (H, W).
 *
 * @param name     file name without {@code .npz}
 * @param channels image channels
 * @param height   rows (NIfTI y)
 * @param width    columns (NIfTI x)
 * @param image    intensities in [0, 1], C order [C][H][W]
 * @param label    class ids, row-major (read with {@code & 0xFF})
 */
public record TrainingSlice(String name, int channels, int height, int width, float[] image, byte[] label) {

    /**
     * Reads a slice; {@code image} may be any numeric dtype, {@code label} any dtype holding integers 0..255.
     *
     * @throws InvalidInputException if keys are missing, shapes differ or are not 2-D, or labels are not class ids
     */
    public static TrainingSlice read(Path npz) {
        Map<String, NpyArray> arrays = Npz.read(npz);
        NpyArray image = NpzArrays.requireImage(npz, arrays, 2);
        NpyArray label = NpzArrays.require(npz, arrays, "label", 2);
        int channels = NpzArrays.requireSamePlanes(npz, image, label);
        long[] shape = label.shape();
        return new TrainingSlice(NpzArrays.stem(npz), channels, (int) shape[0], (int) shape[1], image.asFloat32(),
                NpzArrays.labels(npz, label));
    }
}
