package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;

/**
 * Turns one raw case into its output files: windowed, [0,1]-scaled image and remapped labels, as 2-D slices (train and
 * validation cases) and as a whole volume (validation and test cases).
 */
final class CasePreprocessor {

    /** Image and label grids must coincide; float32 header storage limits agreement to about this many mm. */
    private static final double AFFINE_TOLERANCE_MM = 1e-3;

    private final PreprocessConfig config;
    private final Path outDir;
    private final int[] lut = new int[256];

    CasePreprocessor(PreprocessConfig config, Path outDir) {
        this.config = config;
        this.outDir = outDir;
        Arrays.fill(lut, -1);
        config.labelMap().forEach((raw, mapped) -> lut[raw] = mapped);
    }

    /** Writes the case's files for its split and describes them. */
    List<ManifestEntry> process(RawCase raw, String split) {
        NiftiVolume ct = NiftiReader.read(raw.image());
        NiftiVolume seg = NiftiReader.read(raw.label());
        checkSameGrid(raw, ct, seg);
        float[] image = window(raw.image(), ct.data());
        byte[] label = remap(raw.label(), seg);
        int d = ct.nz();
        int h = ct.ny();
        int w = ct.nx();
        List<ManifestEntry> entries = new ArrayList<>();
        if (!split.equals("test")) {
            for (int z = 0; z < d; z++) {
                entries.add(writeSlice(raw.name(), split, z, d, h, w, image, label, ct.spacing()));
            }
        }
        if (!split.equals("train")) {
            TestVolume volume = new TestVolume(raw.name(), d, h, w, image, label, ct.affine(), ct.spacing());
            String file = PreparedDataset.VOLUME_DIR + "/" + raw.name() + ".npz";
            volume.write(outDir.resolve(file));
            entries.add(entry(file, raw.name(), split, new long[] {d, h, w}, d, label, ct.spacing()));
        }
        return entries;
    }

    private ManifestEntry writeSlice(String caseName, String split, int z, int d, int h, int w, float[] image,
                                     byte[] label, double[] spacing) {
        int from = z * h * w;
        int to = from + h * w;
        byte[] sliceLabel = Arrays.copyOfRange(label, from, to);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("image", NpyArray.ofFloat32(Arrays.copyOfRange(image, from, to), h, w));
        arrays.put("label", NpyArray.ofUint8(sliceLabel, h, w));
        String name = String.format("%s_slice%0" + Math.max(3, Integer.toString(d - 1).length()) + "d", caseName, z);
        String file = PreparedDataset.TRAIN_DIR + "/" + name + ".npz";
        Npz.write(outDir.resolve(file), arrays, true);
        return entry(file, caseName, split, new long[] {h, w}, 1, sliceLabel, spacing);
    }

    private ManifestEntry entry(String file, String caseName, String split, long[] shape, int slices, byte[] label,
                                double[] spacing) {
        long[] counts = new long[config.classes()];
        for (byte b : label) {
            counts[b & 0xFF]++;
        }
        return new ManifestEntry(file, caseName, split, shape, "<f4", "|u1", Sha256.of(outDir.resolve(file)), slices,
                counts, spacing);
    }

    private static void checkSameGrid(RawCase raw, NiftiVolume ct, NiftiVolume seg) {
        if (ct.nx() != seg.nx() || ct.ny() != seg.ny() || ct.nz() != seg.nz()) {
            throw new InvalidInputException(raw.label() + " is " + seg.nx() + "x" + seg.ny() + "x" + seg.nz()
                    + " but its image " + raw.image() + " is " + ct.nx() + "x" + ct.ny() + "x" + ct.nz()
                    + "; image and label must share one voxel grid");
        }
        if (!Affines.approximatelyEqual(ct.affine(), seg.affine(), AFFINE_TOLERANCE_MM)) {
            throw new InvalidInputException(raw.label() + " has affine " + Arrays.deepToString(seg.affine())
                    + " but its image has " + Arrays.deepToString(ct.affine()) + "; resample the label onto the image grid");
        }
    }

    /** Clips to the HU window and scales it to [0, 1]; a NaN or infinite voxel means a broken conversion upstream. */
    private float[] window(Path file, float[] hu) {
        double lo = config.huMin();
        double range = config.huMax() - lo;
        float[] out = new float[hu.length];
        for (int i = 0; i < hu.length; i++) {
            float v = hu[i];
            if (!Float.isFinite(v)) {
                throw new InvalidInputException(file + " has a non-finite value (" + v + ") at voxel " + i
                        + "; fix the conversion that produced this CT");
            }
            out[i] = (float) ((Math.min(Math.max(v, lo), config.huMax()) - lo) / range);
        }
        return out;
    }

    private byte[] remap(Path file, NiftiVolume seg) {
        float[] raw = seg.data();
        byte[] out = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            float v = raw[i];
            int id = (int) v;
            if (id != v || id < 0 || id > 255 || lut[id] < 0) {
                throw new InvalidInputException(file + " has label value " + v + " at voxel " + i + ", which the label "
                        + "map " + config.labelMap() + " does not cover; extend the map or fix the label file");
            }
            out[i] = (byte) lut[id];
        }
        return out;
    }
}
