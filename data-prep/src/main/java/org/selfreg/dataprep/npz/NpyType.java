package org.selfreg.dataprep.npz;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/** The numpy element types the codec understands, with their little-endian descriptors. */
enum NpyType {
    BOOL('b', 1, false), INT8('i', 1, false), UINT8('u', 1, false),
    INT16('i', 2, false), UINT16('u', 2, false),
    INT32('i', 4, false), UINT32('u', 4, false),
    INT64('i', 8, false), UINT64('u', 8, false),
    FLOAT32('f', 4, true), FLOAT64('f', 8, true);

    final char kind;
    final int size;
    final boolean floating;

    NpyType(char kind, int size, boolean floating) {
        this.kind = kind;
        this.size = size;
        this.floating = floating;
    }

    /** The descriptor numpy writes for this type in little-endian order: {@code <f4}, {@code |u1}, ... */
    String descr() {
        return (size == 1 ? "|" : "<") + kind + size;
    }

    /** The type of a descriptor such as {@code <f4}, {@code >i2} or {@code |u1}; the byte order is checked by the caller. */
    static Optional<NpyType> of(String descr) {
        if (descr.length() < 3) {
            return Optional.empty();
        }
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        for (NpyType t : values()) {
            if (t.kind == kind && t.size == size) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Element {@code index} of a little-endian buffer, as a double. */
    double doubleAt(ByteBuffer le, int index) {
        int at = index * size;
        return switch (this) {
            case FLOAT32 -> le.getFloat(at);
            case FLOAT64 -> le.getDouble(at);
            case UINT64 -> {
                long v = le.getLong(at);
                yield v >= 0 ? v : v + 0x1p64;
            }
            default -> longAt(le, index);
        };
    }

    /** Element {@code index} of an integer-typed little-endian buffer. */
    long longAt(ByteBuffer le, int index) {
        int at = index * size;
        return switch (this) {
            case BOOL, UINT8 -> le.get(at) & 0xFF;
            case INT8 -> le.get(at);
            case INT16 -> le.getShort(at);
            case UINT16 -> le.getShort(at) & 0xFFFF;
            case INT32 -> le.getInt(at);
            case UINT32 -> le.getInt(at) & 0xFFFFFFFFL;
            case INT64, UINT64 -> le.getLong(at);
            case FLOAT32, FLOAT64 -> throw new IllegalStateException(name().toLowerCase(Locale.ROOT) + " is not an integer type");
        };
    }
}
