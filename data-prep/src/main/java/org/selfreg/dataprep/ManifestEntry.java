package org.selfreg.dataprep;

/**
 * One output file of a prepared dataset.
 *
 * @param file             path relative to the dataset root, e.g. {@code train_npz/case0005_slice000.npz}
 * @param caseName         the case it comes from
 * @param split            {@code train}, {@code val} or {@code test}
 * @param shape            shape of the {@code image} array ([H, W] for a slice, [D, H, W] for a volume, with a
 *                         channel axis before H for several channels)
 * @param imageDtype       numpy dtype of {@code image}
 * @param labelDtype       numpy dtype of {@code label}
 * @param sha256           hex SHA-256 of the file's bytes
 * @param slices           axial slices it holds (1 for a training slice)
 * @param classVoxelCounts voxels per class id, background first
 * @param spacing          voxel size in mm along x, y, z of the source volume
 */
public record ManifestEntry(String file, String caseName, String split, long[] shape, String imageDtype,
                            String labelDtype, String sha256, int slices, long[] classVoxelCounts, double[] spacing) {
}
