package org.selfreg.dataprep;

import java.nio.file.Path;
import org.selfreg.dataprep.npz.NpzWriter;

/**
 * Writes the files of a dataset in our layout (training slices and whole volumes) and describes each for the manifest;
 * shared by every input layout so that their outputs cannot drift apart. Each file is hashed as it is written.
 */
final class DatasetFiles {

    private final Path outDir;
    private final int classes;
    private final boolean compressSlices;

    /**
     * @param compressSlices write training slices DEFLATED (level 1) rather than STORED; see
     *                       {@link Preprocessor#Preprocessor(int, boolean)} for the trade-off
     */
    DatasetFiles(Path outDir, int classes, boolean compressSlices) {
        this.outDir = outDir;
        this.classes = classes;
        this.compressSlices = compressSlices;
    }

    /** TransUNet's slice name: {@code caseNNNN_sliceMMM}, zero-padded to at least three digits. */
    static String sliceName(String caseName, int z, int depth) {
        return String.format("%s_slice%0" + Math.max(3, Integer.toString(depth - 1).length()) + "d", caseName, z);
    }

    /**
     * Writes {@code train_npz/<sliceName>.npz} with {@code image} float32 and {@code label} uint8, both (H, W), read
     * from {@code image} and {@code label} at {@code from}: a slice of a [D][H][W] volume needs no copy.
     */
    ManifestEntry writeSlice(String sliceName, String caseName, String split, int height, int width, float[] image,
                             byte[] label, int from, double[] spacing) {
        return slice(sliceName, caseName, split, new long[] {height, width}, image, label, from, spacing);
    }

    /**
     * Writes {@code train_npz/<caseName>.npz} for a 2-D image: {@code image} float32 (C, H, W), {@code label} uint8
     * (H, W), unit spacing.
     */
    ManifestEntry writeImageSlice(String caseName, String split, int channels, int height, int width, float[] image,
                                  byte[] label) {
        return slice(caseName, caseName, split, new long[] {channels, height, width}, image, label, 0,
                new double[] {1, 1, 1});
    }

    private ManifestEntry slice(String sliceName, String caseName, String split, long[] imageShape, float[] image,
                                byte[] label, int from, double[] spacing) {
        String file = PreparedDataset.TRAIN_DIR + "/" + sliceName + ".npz";
        long height = imageShape[imageShape.length - 2];
        long width = imageShape[imageShape.length - 1];
        NpzWriter npz = NpzWriter.open(outDir.resolve(file), compressSlices);
        try (npz) {
            npz.putFloat32("image", image, from, imageShape);
            npz.putUint8("label", label, from, height, width);
        }
        return entry(file, npz.sha256(), caseName, split, imageShape, 1, label, from, (int) (height * width),
                spacing);
    }

    /** Writes {@code test_vol/<case>.npz}. */
    ManifestEntry writeVolume(TestVolume volume, String split) {
        String file = PreparedDataset.VOLUME_DIR + "/" + volume.caseName() + ".npz";
        String sha256 = volume.write(outDir.resolve(file));
        long[] shape = volume.channels() == 1 ? new long[] {volume.depth(), volume.height(), volume.width()}
                : new long[] {volume.depth(), volume.channels(), volume.height(), volume.width()};
        return entry(file, sha256, volume.caseName(), split, shape, volume.depth(), volume.label(), 0,
                volume.label().length, volume.spacing());
    }

    private ManifestEntry entry(String file, String sha256, String caseName, String split, long[] shape, int slices,
                                byte[] label, int from, int count, double[] spacing) {
        return new ManifestEntry(file, caseName, split, shape, "<f4", "|u1", sha256, slices,
                ClassCounts.of(label, from, count, classes), spacing);
    }
}
