package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;

/**
 * Turns one raw case into its output files: windowed, [0,1]-scaled image and remapped labels, as 2-D slices (train and
 * validation cases) and as a whole volume (validation and test cases).
 */
final class CasePreprocessor {

    /** Image and label grids must coincide; float32 header storage limits agreement to about this many mm. */
    private static final double AFFINE_TOLERANCE_MM = 1e-3;

    private final PreprocessConfig config;
    private final DatasetFiles files;
    private final LabelRemap remap;

    CasePreprocessor(PreprocessConfig config, DatasetFiles files) {
        this.config = config;
        this.files = files;
        this.remap = new LabelRemap(config.labelMap());
    }

    /**
     * Writes the case's files for its split and describes them. Memory: the CT as float[] (windowed in place) and the
     * label as float[] then byte[]; slices and volumes are encoded straight from those arrays.
     */
    List<ManifestEntry> process(RawCase raw, String split) {
        NiftiVolume ct = NiftiReader.read(raw.image());
        NiftiVolume seg = NiftiReader.read(raw.label());
        checkSameGrid(raw.label(), ct, seg);
        byte[] label = remap.apply(raw.label(), seg.data());
        float[] image = ct.data();
        windowInPlace(raw.image(), image);
        int d = ct.nz();
        int h = ct.ny();
        int w = ct.nx();
        List<ManifestEntry> entries = new ArrayList<>();
        if (!split.equals("test")) {
            // Slices in parallel too: a single large case would otherwise keep one core busy and leave the rest idle.
            entries.addAll(IntStream.range(0, d).parallel()
                    .mapToObj(z -> files.writeSlice(DatasetFiles.sliceName(raw.name(), z, d), raw.name(), split, h, w,
                            image, label, z * h * w, ct.spacing()))
                    .toList());
        }
        if (!split.equals("train")) {
            entries.add(files.writeVolume(new TestVolume(raw.name(), d, h, w, image, label, ct.affine(), ct.spacing()),
                    split));
        }
        return entries;
    }

    private static void checkSameGrid(Path labelFile, NiftiVolume ct, NiftiVolume seg) {
        if (ct.nx() != seg.nx() || ct.ny() != seg.ny() || ct.nz() != seg.nz()) {
            throw new InvalidInputException(labelFile + " is " + seg.nx() + "x" + seg.ny() + "x" + seg.nz()
                    + " but its image is " + ct.nx() + "x" + ct.ny() + "x" + ct.nz()
                    + "; image and label must share one voxel grid");
        }
        if (!Affines.approximatelyEqual(ct.affine(), seg.affine(), AFFINE_TOLERANCE_MM)) {
            throw new InvalidInputException(labelFile + " has affine " + Arrays.deepToString(seg.affine())
                    + " but its image has " + Arrays.deepToString(ct.affine()) + "; resample the label onto the image grid");
        }
    }

    /** Clips to the HU window and scales it to [0, 1]; a NaN or infinite voxel means a broken conversion upstream. */
    private void windowInPlace(Path file, float[] hu) {
        double lo = config.huMin();
        double range = config.huMax() - lo;
        for (int i = 0; i < hu.length; i++) {
            float v = hu[i];
            if (!Float.isFinite(v)) {
                throw new InvalidInputException(file + " has a non-finite value (" + v + ") at voxel " + i
                        + "; fix the conversion that produced this CT");
            }
            hu[i] = (float) ((Math.min(Math.max(v, lo), config.huMax()) - lo) / range);
        }
    }
}
