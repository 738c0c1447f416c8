package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Applies a label map (raw id to class id) to a label volume, rejecting values the map does not cover. */
final class LabelRemap {

    private final Map<Integer, Integer> labelMap;
    private final int[] lut = new int[256];

    LabelRemap(Map<Integer, Integer> labelMap) {
        this.labelMap = labelMap;
        Arrays.fill(lut, -1);
        labelMap.forEach((raw, mapped) -> lut[raw] = mapped);
    }

    /**
     * The class ids of {@code raw} label values read from {@code file}.
     *
     * @throws InvalidInputException naming the file, value and voxel when a value is not an id the map covers
     */
    byte[] apply(Path file, float[] raw) {
        byte[] out = new byte[raw.length];
        apply(file, raw, raw.length, out, 0, 0);
        return out;
    }

    /**
     * Writes the class ids of the first {@code count} values of {@code raw} into {@code out} from {@code outFrom}; lets a
     * caller remap a label volume plane by plane. {@code firstVoxel} is the index of {@code raw[0]} in {@code file}.
     *
     * @throws InvalidInputException naming the file, value and voxel when a value is not an id the map covers
     */
    void apply(Path file, float[] raw, int count, byte[] out, int outFrom, long firstVoxel) {
        for (int i = 0; i < count; i++) {
            int mapped = classOf(raw[i]);
            if (mapped < 0) {
                throw uncovered(file, raw[i], firstVoxel + i);
            }
            out[outFrom + i] = (byte) mapped;
        }
    }

    /** The class id of label value {@code v}, or -1 if it is not an id the map covers. */
    int classOf(float v) {
        int id = (int) v;
        return id != v || id < 0 || id > 255 ? -1 : lut[id];
    }

    /** The error for value {@code v} at voxel index {@code voxel} of {@code file}, which the map does not cover. */
    InvalidInputException uncovered(Path file, float v, long voxel) {
        return new InvalidInputException(file + " has label value " + v + " at voxel " + voxel + ", which the label map "
                + labelMap + " does not cover; extend the map or fix the label file");
    }
}
