package org.selfreg.dataprep.nifti;

import java.util.Optional;

/** The voxel types this codec reads and writes, with their NIfTI {@code datatype} codes (nifti1.h). */
public enum NiftiDataType {
    UINT8(2, 1, 0, 255),
    INT8(256, 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(4, 2, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16(512, 2, 0, 65535),
    INT32(8, 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32(768, 4, 0, 4294967295.0),
    INT64(1024, 8, Long.MIN_VALUE, Long.MAX_VALUE),
    FLOAT32(16, 4, -Float.MAX_VALUE, Float.MAX_VALUE),
    FLOAT64(64, 8, -Double.MAX_VALUE, Double.MAX_VALUE);

    private final int code;
    private final int bytes;
    private final double min;
    private final double max;

    NiftiDataType(int code, int bytes, double min, double max) {
        this.code = code;
        this.bytes = bytes;
        this.min = min;
        this.max = max;
    }

    /** The NIfTI {@code datatype} code. */
    public int code() {
        return code;
    }

    /** Bytes per voxel ({@code bitpix / 8}). */
    public int bytes() {
        return bytes;
    }

    /** Whether values are stored as integers (and must be rounded when written). */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** Whether {@code value} fits this type's range once rounded. */
    boolean holds(double value) {
        return value >= min && value <= max;
    }

    /** The type with a NIfTI code, if it is one of the supported scalar types. */
    public static Optional<NiftiDataType> ofCode(int code) {
        for (NiftiDataType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
