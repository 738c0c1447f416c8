package org.selfreg.dataprep;

import java.nio.file.Path;
import org.selfreg.dataprep.nifti.VoxelDecoder;

/**
 * Turns the stored planes of one label file into class ids with a {@link LabelRemap}. Label maps are almost always
 * stored as 8 or 16-bit integers: then each stored code's class is tabulated once per file and looked up per voxel,
 * several times cheaper than decoding every voxel to a float and remapping it (on a CT's labels, that was the largest
 * cost after gunzip and hashing). Other types take that slower path. Safe to use from several threads at once.
 */
final class StoredLabels {

    private final Path file;
    private final LabelRemap remap;
    private final VoxelDecoder decoder;
    private final int planeSize;
    /** Class id per stored code, -1 where the map does not cover the code's value; null for wider types. */
    private final short[] classByCode;

    StoredLabels(Path file, LabelRemap remap, VoxelDecoder decoder, int planeSize) {
        this.file = file;
        this.remap = remap;
        this.decoder = decoder;
        this.planeSize = planeSize;
        int codeCount = decoder.codeCount();
        if (codeCount > 0) {
            classByCode = new short[codeCount];
            for (int code = 0; code < codeCount; code++) {
                classByCode[code] = (short) remap.classOf(decoder.valueOf(code));
            }
        } else {
            classByCode = null;
        }
    }

    /** Working memory for one plane in flight: its codes, or for wider types its decoded values. */
    record Scratch(char[] codes, float[] values) {
    }

    Scratch newScratch() {
        return classByCode != null ? new Scratch(new char[planeSize], null) : new Scratch(null, new float[planeSize]);
    }

    /**
     * Writes the class ids of the first {@code count} voxels of {@code stored} into {@code out} from {@code outFrom}.
     * {@code firstVoxel} is the index of the first of them in the file; {@code scratch} is from {@link #newScratch()}
     * and used by one thread at a time.
     *
     * @throws InvalidInputException naming the file, value and voxel when a value is not an id the map covers
     */
    void toClasses(byte[] stored, int count, Scratch scratch, byte[] out, int outFrom, long firstVoxel) {
        if (classByCode == null) {
            decoder.decode(stored, count, scratch.values(), 0);
            remap.apply(file, scratch.values(), count, out, outFrom, firstVoxel);
            return;
        }
        char[] c = scratch.codes();
        decoder.codes(stored, count, c);
        for (int i = 0; i < count; i++) {
            int mapped = classByCode[c[i]];
            if (mapped < 0) {
                throw remap.uncovered(file, decoder.valueOf(c[i]), firstVoxel + i);
            }
            out[outFrom + i] = (byte) mapped;
        }
    }
}
