package org.selfreg.dataprep.nifti;

import java.util.Objects;

/**
 * A 3-D scalar volume with its voxel-to-world (RAS, mm) affine, as nibabel presents a NIfTI image.
 *
 * @param nx         voxels along the first NIfTI axis (fastest varying)
 * @param ny         voxels along the second axis
 * @param nz         voxels along the third (slice) axis
 * @param data       scaled real values ({@code scl_slope·x + scl_inter}) in C order {@code [z][y][x]}, x fastest
 * @param affine     the 4×4 voxel-to-world matrix: the sform if set, else the qform, else nibabel's default
 * @param storedType the on-disk voxel type (informational; writers choose their own)
 */
public record NiftiVolume(int nx, int ny, int nz, float[] data, double[][] affine, NiftiDataType storedType) {

    public NiftiVolume {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(affine, "affine");
        Objects.requireNonNull(storedType, "storedType");
        if (nx < 1 || ny < 1 || nz < 1 || (long) nx * ny * nz != data.length) {
            throw new IllegalArgumentException("dims " + nx + "x" + ny + "x" + nz + " do not match " + data.length + " values");
        }
        if (affine.length != 4 || affine[0].length != 4) {
            throw new IllegalArgumentException("affine must be 4x4");
        }
    }

    /** Voxel size in mm along x, y, z: the norms of the affine's first three columns. */
    public double[] spacing() {
        return Affines.columnNorms(affine);
    }

    /** Axis codes such as {@code {"R","A","S"}}, as nibabel's {@code aff2axcodes(affine)} gives them. */
    public String[] orientation() {
        return Affines.axisCodes(affine);
    }

    /** The value at voxel (x, y, z). */
    public float at(int x, int y, int z) {
        return data[(z * ny + y) * nx + x];
    }
}
