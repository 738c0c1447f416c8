package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;
import org.selfreg.dataprep.npz.NpzWriter;

/**
 * A whole validation or test case ({@code test_vol/caseXXXX.npz}) with the geometry needed to export predictions that
 * overlay the source CT.
 *
 * @param caseName file name without {@code .npz}
 * @param depth    slices (NIfTI z)
 * @param height   rows (NIfTI y)
 * @param width    columns (NIfTI x)
 * @param image    intensities in [0, 1], C order [D][H][W]
 * @param label    class ids, same order (read with {@code & 0xFF})
 * @param affine   the source CT's 4×4 voxel-to-world affine
 * @param spacing  voxel size in mm along x, y, z
 */
public record TestVolume(String caseName, int depth, int height, int width, float[] image, byte[] label,
                         double[][] affine, double[] spacing) {

    public TestVolume {
        long voxels = (long) depth * height * width;
        if (image.length != voxels || label.length != voxels) {
            throw new IllegalArgumentException(caseName + ": " + depth + "x" + height + "x" + width + " needs " + voxels
                    + " voxels, image has " + image.length + ", label " + label.length);
        }
        if (affine.length != 4 || spacing.length != 3) {
            throw new IllegalArgumentException(caseName + ": affine must be 4x4 and spacing have 3 values");
        }
    }

    /**
     * Reads a volume.
     *
     * @throws InvalidInputException if an array is missing or mis-shaped, or labels are not class ids
     */
    public static TestVolume read(Path npz) {
        Map<String, NpyArray> arrays = Npz.read(npz);
        NpyArray image = NpzArrays.require(npz, arrays, "image", 3);
        NpyArray label = NpzArrays.require(npz, arrays, "label", 3);
        NpzArrays.requireSameShape(npz, image, label);
        NpyArray affine = NpzArrays.require(npz, arrays, "affine", 2);
        NpyArray spacing = NpzArrays.require(npz, arrays, "spacing", 1);
        if (affine.elementCount() != 16 || spacing.elementCount() != 3) {
            throw new InvalidInputException(npz + ": 'affine' must be 4x4 and 'spacing' hold 3 values");
        }
        double[] a = affine.asFloat64();
        double[][] matrix = new double[4][];
        for (int r = 0; r < 4; r++) {
            matrix[r] = Arrays.copyOfRange(a, 4 * r, 4 * r + 4);
        }
        long[] shape = image.shape();
        return new TestVolume(NpzArrays.stem(npz), (int) shape[0], (int) shape[1], (int) shape[2], image.asFloat32(),
                NpzArrays.labels(npz, label), matrix, spacing.asFloat64());
    }

    /**
     * Writes the volume as a compressed npz with {@code image} float32, {@code label} uint8, {@code affine} float64 4×4
     * and {@code spacing} float64, streaming the arrays (no full-size copy).
     *
     * @return the hex SHA-256 of the written file
     */
    public String write(Path npz) {
        double[] flatAffine = new double[16];
        for (int r = 0; r < 4; r++) {
            System.arraycopy(affine[r], 0, flatAffine, 4 * r, 4);
        }
        NpzWriter out = NpzWriter.open(npz, true);
        try (out) {
            out.putFloat32("image", image, 0, depth, height, width);
            out.putUint8("label", label, 0, depth, height, width);
            out.put("affine", NpyArray.ofFloat64(flatAffine, 4, 4));
            out.put("spacing", NpyArray.ofFloat64(spacing, 3));
        }
        return out.sha256();
    }
}
