package org.selfreg.dataprep.nifti;

import java.nio.ByteBuffer;

/** Converts stored voxels of any supported type to scaled float values. */
final class VoxelDecoder {

    private VoxelDecoder() {
    }

    /** Decodes {@code count} voxels from the start of {@code b} into {@code out} from index {@code outOffset}. */
    static void decode(ByteBuffer b, int count, NiftiDataType type, boolean scaled, double slope, double inter,
                       float[] out, int outOffset) {
        int step = type.bytes();
        for (int i = 0, at = 0; i < count; i++, at += step) {
            double v = switch (type) {
                case UINT8 -> b.get(at) & 0xFF;
                case INT8 -> b.get(at);
                case INT16 -> b.getShort(at);
                case UINT16 -> b.getShort(at) & 0xFFFF;
                case INT32 -> b.getInt(at);
                case UINT32 -> b.getInt(at) & 0xFFFFFFFFL;
                case INT64 -> b.getLong(at);
                case FLOAT32 -> b.getFloat(at);
                case FLOAT64 -> b.getDouble(at);
            };
            out[outOffset + i] = (float) (scaled ? slope * v + inter : v);
        }
    }
}
