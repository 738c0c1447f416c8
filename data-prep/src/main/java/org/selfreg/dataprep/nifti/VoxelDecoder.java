package org.selfreg.dataprep.nifti;

import java.nio.ByteBuffer;

/** Converts stored voxels of any supported type to scaled float values. */
final class VoxelDecoder {

    private VoxelDecoder() {
    }

    /**
     * Decodes {@code count} voxels from the start of {@code b} into {@code out} from index {@code outOffset}. One loop per
     * type rather than a switch per voxel: this runs on every voxel of every CT, and a tight loop is several times faster.
     */
    static void decode(ByteBuffer b, int count, NiftiDataType type, boolean scaled, double slope, double inter,
                       float[] out, int outOffset) {
        Scale s = new Scale(scaled, slope, inter);
        switch (type) {
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.get(i) & 0xFF);
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.get(i));
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.getShort(2 * i));
                }
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.getShort(2 * i) & 0xFFFF);
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.getInt(4 * i));
                }
            }
            case UINT32 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.getInt(4 * i) & 0xFFFFFFFFL);
                }
            }
            case INT64 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.getLong(8 * i));
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.getFloat(4 * i));
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++) {
                    out[outOffset + i] = s.apply(b.getDouble(8 * i));
                }
            }
        }
    }

    /** nibabel's {@code scl_slope·x + scl_inter} when the header asks for scaling, else the stored value as is. */
    private record Scale(boolean scaled, double slope, double inter) {
        float apply(double v) {
            return (float) (scaled ? slope * v + inter : v);
        }
    }
}
