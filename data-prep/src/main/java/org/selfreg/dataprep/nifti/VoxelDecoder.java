package org.selfreg.dataprep.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts one file's stored voxels (its type, byte order and scaling, from {@link NiftiPlaneReader#decoder()}) to
 * scaled float values. Immutable, so several threads may decode planes of the same file at once.
 */
public final class VoxelDecoder {

    private final NiftiDataType type;
    private final ByteOrder order;
    private final Scale scale;

    VoxelDecoder(NiftiDataType type, ByteOrder order, boolean scaled, double slope, double inter) {
        this.type = type;
        this.order = order;
        this.scale = new Scale(scaled, slope, inter);
    }

    /**
     * Decodes {@code count} voxels from the start of {@code stored} into {@code out} from index {@code outOffset}. One
     * loop per type rather than a switch per voxel: this runs on every voxel of every CT, and a tight loop is several
     * times faster.
     */
    public void decode(byte[] stored, int count, float[] out, int outOffset) {
        ByteBuffer b = ByteBuffer.wrap(stored).order(order);
        Scale s = scale;
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

    /**
     * How many stored codes there are when the type has at most 16 bits (256 or 65536), else 0. A function of the value
     * can then be tabulated once per code ({@link #valueOf}) and looked up per voxel ({@link #codes}), which is several
     * times cheaper than decoding each voxel and computing it.
     */
    public int codeCount() {
        return switch (type) {
            case UINT8, INT8 -> 1 << 8;
            case INT16, UINT16 -> 1 << 16;
            default -> 0;
        };
    }

    /** The value that a voxel stored as {@code code} (its bits read as an unsigned integer) decodes to. */
    public float valueOf(int code) {
        return switch (type) {
            case UINT8, UINT16 -> scale.apply(code);
            case INT8 -> scale.apply((byte) code);
            case INT16 -> scale.apply((short) code);
            default -> throw new IllegalStateException(type + " voxels have too many codes to tabulate");
        };
    }

    /** Writes the codes (see {@link #codeCount()}) of {@code count} voxels from the start of {@code stored}. */
    public void codes(byte[] stored, int count, char[] out) {
        switch (type) {
            case UINT8, INT8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (char) (stored[i] & 0xFF);
                }
            }
            case INT16, UINT16 -> ByteBuffer.wrap(stored).order(order).asCharBuffer().get(0, out, 0, count);
            default -> throw new IllegalStateException(type + " voxels have too many codes to tabulate");
        }
    }

    /** nibabel's {@code scl_slope·x + scl_inter} when the header asks for scaling, else the stored value as is. */
    private record Scale(boolean scaled, double slope, double inter) {
        float apply(double v) {
            return (float) (scaled ? slope * v + inter : v);
        }
    }
}
