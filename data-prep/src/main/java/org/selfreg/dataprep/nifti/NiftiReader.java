package org.selfreg.dataprep.nifti;

import java.nio.file.Path;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Reads a whole 3-D scalar NIfTI-1 or NIfTI-2 image ({@code .nii} or gzipped {@code .nii.gz}, either byte order) the way
 * nibabel does: scaled values, and the sform / qform / default affine in nibabel's order of preference. To work plane by
 * plane while the file is still being read, use {@link NiftiPlaneReader}.
 */
public final class NiftiReader {

    private NiftiReader() {
    }

    /**
     * Reads a volume. The voxel data is decoded while it streams in (gunzipped on the fly), so the only full-size
     * array is the returned {@code float[]}.
     *
     * @throws InvalidInputException if the file is missing, truncated, not NIfTI, 4-D, or of a non-scalar type
     */
    public static NiftiVolume read(Path file) {
        try (NiftiPlaneReader in = NiftiPlaneReader.open(file)) {
            long voxels = (long) in.planeSize() * in.nz();
            if (voxels > Integer.MAX_VALUE) {
                throw new InvalidInputException(file + " has " + voxels + " voxels, more than one array can hold; "
                        + "read it plane by plane");
            }
            float[] data = new float[(int) voxels];
            for (int z = 0; z < in.nz(); z++) {
                in.readPlane(data, z * in.planeSize());
            }
            return new NiftiVolume(in.nx(), in.ny(), in.nz(), data, in.affine(), in.storedType());
        }
    }
}
