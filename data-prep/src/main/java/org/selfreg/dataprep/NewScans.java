package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.Locale;
import org.selfreg.dataprep.images.ImageFiles;
import org.selfreg.dataprep.images.Raster8;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.nifti.NiftiPlaneReader;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;

/**
 * Reads a scan or image that is not part of a dataset (for prediction) through exactly the intensity mapping data
 * preparation applied to the dataset's cases, so a model sees new inputs as it saw its test volumes. The result is a
 * {@link TestVolume} without labels (all background).
 */
public final class NewScans {

    private NewScans() {
    }

    /**
     * A 2-D image brought to the network's size.
     *
     * @param volume       the image as a one-slice volume of {@code size x size}, 3 channels, intensities in [0, 1]
     * @param nativeHeight rows of the image as stored
     * @param nativeWidth  columns of the image as stored
     */
    public record Image(TestVolume volume, int nativeHeight, int nativeWidth) {
    }

    /** The case name of an input file: its name less {@code .nii.gz}, {@code .nii} or its image extension. */
    public static String caseName(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".nii.gz")) {
            return name.substring(0, name.length() - ".nii.gz".length());
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * A NIfTI volume as data preparation writes a test volume of it: (D, H, W) = (NIfTI z, y, x), the source's affine.
     *
     * @throws InvalidInputException if the file is not a 3-D scalar NIfTI, holds non-finite values, or the dataset's
     *                               intensities cannot be reproduced from a raw scan
     */
    public static TestVolume volume(Path file, InputPreprocessing preprocessing) {
        return switch (preprocessing.rule()) {
            case HU_WINDOW -> windowed(file, preprocessing);
            case VOLUME_PERCENTILES -> percentileScaled(file);
            case RESIZED_IMAGE -> throw new InvalidInputException(file + " is a volume but the model segments 2-D "
                    + "images (PNG, TIFF, BMP); give it images, or use a model trained on volumes");
            case ARCHIVE_VALUES -> throw new InvalidInputException("the model was trained on the "
                    + preprocessing.layout() + " layout, whose intensity scaling is unpublished, so " + file
                    + " cannot be prepared like its training data; use a model trained on raw scans");
        };
    }

    /**
     * A PNG, TIFF or BMP image as data preparation writes a test image of it.
     *
     * @throws InvalidInputException if the file cannot be decoded or has colour components other than grey or RGB
     */
    public static Image image(Path file, int size) {
        Raster8 raster = ImageFiles.readRgb(file);
        TestVolume volume = new TestVolume(caseName(file), 1, 3, size, size,
                ImageDatasetImport.unitPixels(raster, size), new byte[size * size], Affines.identity(),
                ImageDatasetImport.UNIT_SPACING, null);
        return new Image(volume, raster.height(), raster.width());
    }

    /** {@link CasePreprocessor}'s path for one volume: stored codes windowed plane by plane. */
    private static TestVolume windowed(Path file, InputPreprocessing preprocessing) {
        try (NiftiPlaneReader ct = NiftiPlaneReader.open(file)) {
            int plane = ct.planeSize();
            long voxels = (long) plane * ct.nz();
            if (voxels > Integer.MAX_VALUE) {
                throw new InvalidInputException(file + " has " + voxels + " voxels, more than one volume can hold; "
                        + "crop it");
            }
            StoredIntensities intensities = new StoredIntensities(file, ct.decoder(), preprocessing.huMin(),
                    preprocessing.huMax(), plane);
            StoredIntensities.Scratch scratch = intensities.newScratch();
            byte[] stored = new byte[ct.planeBytes()];
            float[] image = new float[(int) voxels];
            for (int z = 0; z < ct.nz(); z++) {
                ct.readStoredPlane(stored);
                intensities.toWindowed(stored, plane, scratch, image, z * plane, (long) z * plane);
            }
            return new TestVolume(caseName(file), ct.nz(), ct.ny(), ct.nx(), image, new byte[image.length],
                    ct.affine(), ct.spacing());
        }
    }

    /** {@link AcdcRawImport}'s path for one frame. */
    private static TestVolume percentileScaled(Path file) {
        NiftiVolume mr = NiftiReader.read(file);
        return new TestVolume(caseName(file), mr.nz(), mr.ny(), mr.nx(), AcdcIntensities.normalise(file, mr.data()),
                new byte[mr.data().length], mr.affine(), mr.spacing());
    }
}
