package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;
import org.selfreg.dataprep.npz.NpzWriter;

/**
 * A whole validation or test case ({@code test_vol/caseXXXX.npz}) with the geometry needed to export predictions that
 * overlay the source scan. A 2-D image is a volume of one slice; it may carry its mask at the resolution it was
 * distributed in ({@code nativeMask}), to score predictions there as well as at the network's size.
 *
 * @param caseName   file name without {@code .npz}
 * @param depth      slices (NIfTI z)
 * @param channels   image channels (1 for CT/MR, 3 for RGB)
 * @param height     rows (NIfTI y)
 * @param width      columns (NIfTI x)
 * @param image      intensities in [0, 1], C order [D][C][H][W] (the channel axis is absent from the file for 1)
 * @param label      class ids, C order [D][H][W] (read with {@code & 0xFF})
 * @param affine     the source's 4×4 voxel-to-world affine
 * @param spacing    voxel size in mm along x, y, z
 * @param nativeMask the class ids at the source's resolution, or null
 */
public record TestVolume(String caseName, int depth, int channels, int height, int width, float[] image, byte[] label,
                         double[][] affine, double[] spacing, NativeMask nativeMask) {

    /** Class ids of a one-slice case at the resolution its source was distributed in, C order [H][W]. */
    public record NativeMask(int height, int width, byte[] label) {
        public NativeMask {
            if (label.length != (long) height * width) {
                throw new IllegalArgumentException("a native mask of " + height + "x" + width + " needs "
                        + (long) height * width + " values, got " + label.length);
            }
        }
    }

    public TestVolume {
        long voxels = (long) depth * height * width;
        if (image.length != voxels * channels || label.length != voxels) {
            throw new IllegalArgumentException(caseName + ": " + depth + "x" + channels + "x" + height + "x" + width
                    + " needs " + voxels * channels + " image and " + voxels + " label values, image has "
                    + image.length + ", label " + label.length);
        }
        if (affine.length != 4 || spacing.length != 3) {
            throw new IllegalArgumentException(caseName + ": affine must be 4x4 and spacing have 3 values");
        }
        if (nativeMask != null && depth != 1) {
            throw new IllegalArgumentException(caseName + ": only a one-slice case has a native mask");
        }
    }

    /** A single-channel volume without a native mask (CT, MR). */
    public TestVolume(String caseName, int depth, int height, int width, float[] image, byte[] label,
                      double[][] affine, double[] spacing) {
        this(caseName, depth, 1, height, width, image, label, affine, spacing, null);
    }

    /** Pixels of one channel of one slice. */
    public int planeSize() {
        return height * width;
    }

    /** Image values of one slice, all channels. */
    public int sliceSize() {
        return channels * height * width;
    }

    /**
     * Reads a volume.
     *
     * @throws InvalidInputException if an array is missing or mis-shaped, or labels are not class ids
     */
    public static TestVolume read(Path npz) {
        Map<String, NpyArray> arrays = Npz.read(npz);
        NpyArray image = NpzArrays.requireImage(npz, arrays, 3);
        NpyArray label = NpzArrays.require(npz, arrays, "label", 3);
        int channels = NpzArrays.requireSamePlanes(npz, image, label);
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
        long[] shape = label.shape();
        return new TestVolume(NpzArrays.stem(npz), (int) shape[0], channels, (int) shape[1], (int) shape[2],
                image.asFloat32(), NpzArrays.labels(npz, label), matrix, spacing.asFloat64(), nativeMask(npz, arrays));
    }

    private static NativeMask nativeMask(Path npz, Map<String, NpyArray> arrays) {
        if (!arrays.containsKey(NATIVE_LABEL)) {
            return null;
        }
        NpyArray mask = NpzArrays.require(npz, arrays, NATIVE_LABEL, 2);
        return new NativeMask((int) mask.shape()[0], (int) mask.shape()[1], mask.asUint8());
    }

    /** The array of the native-resolution mask of a 2-D image. */
    private static final String NATIVE_LABEL = "label_native";

    /**
     * Writes the volume as a compressed npz with {@code image} float32, {@code label} uint8, {@code affine} float64 4×4,
     * {@code spacing} float64 and, when there is one, {@code label_native} uint8 (H, W), streaming the arrays (no
     * full-size copy).
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
            if (channels == 1) {
                out.putFloat32("image", image, 0, depth, height, width);
            } else {
                out.putFloat32("image", image, 0, depth, channels, height, width);
            }
            out.putUint8("label", label, 0, depth, height, width);
            out.put("affine", NpyArray.ofFloat64(flatAffine, 4, 4));
            out.put("spacing", NpyArray.ofFloat64(spacing, 3));
            if (nativeMask != null) {
                out.putUint8(NATIVE_LABEL, nativeMask.label(), 0, nativeMask.height(), nativeMask.width());
            }
        }
        return out.sha256();
    }
}
