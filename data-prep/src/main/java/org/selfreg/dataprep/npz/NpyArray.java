package org.selfreg.dataprep.npz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.selfreg.dataprep.InvalidInputException;

/**
 * One numpy array held in C order with little-endian values, the layout {@link Npz} reads into and writes from.
 *
 * <p>Accessors convert between element types so that callers need not care whether a label was saved as uint8 or
 * float32: {@link #asUint8()} accepts any dtype whose values are integers in 0..255.
 */
public final class NpyArray {

    private final NpyType type;
    private final long[] shape;
    private final byte[] data;

    NpyArray(NpyType type, long[] shape, byte[] data) {
        long count = count(shape);
        if (count * type.size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + type.descr()
                    + " needs " + count * type.size + " bytes, got " + data.length);
        }
        this.type = type;
        this.shape = shape.clone();
        this.data = data;
    }

    public static NpyArray ofFloat32(float[] values, long... shape) {
        ByteBuffer b = allocate(values.length, 4);
        b.asFloatBuffer().put(values);
        return new NpyArray(NpyType.FLOAT32, shape, b.array());
    }

    public static NpyArray ofFloat64(double[] values, long... shape) {
        ByteBuffer b = allocate(values.length, 8);
        b.asDoubleBuffer().put(values);
        return new NpyArray(NpyType.FLOAT64, shape, b.array());
    }

    /** Bytes read as unsigned 0..255, the way numpy's uint8 stores them. */
    public static NpyArray ofUint8(byte[] values, long... shape) {
        return new NpyArray(NpyType.UINT8, shape, values.clone());
    }

    public static NpyArray ofInt16(short[] values, long... shape) {
        ByteBuffer b = allocate(values.length, 2);
        b.asShortBuffer().put(values);
        return new NpyArray(NpyType.INT16, shape, b.array());
    }

    public static NpyArray ofInt64(long[] values, long... shape) {
        ByteBuffer b = allocate(values.length, 8);
        b.asLongBuffer().put(values);
        return new NpyArray(NpyType.INT64, shape, b.array());
    }

    /** The numpy descriptor of the element type in little-endian form, e.g. {@code <f4} or {@code |u1}. */
    public String dtype() {
        return type.descr();
    }

    public long[] shape() {
        return shape.clone();
    }

    public int elementCount() {
        return data.length / type.size;
    }

    /** The values as float32, converted from any numeric dtype. */
    public float[] asFloat32() {
        float[] out = new float[elementCount()];
        ByteBuffer le = littleEndian();
        if (type == NpyType.FLOAT32) {
            le.asFloatBuffer().get(out);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) type.doubleAt(le, i);
            }
        }
        return out;
    }

    /** The values as float64, converted from any numeric dtype. */
    public double[] asFloat64() {
        double[] out = new double[elementCount()];
        ByteBuffer le = littleEndian();
        for (int i = 0; i < out.length; i++) {
            out[i] = type.doubleAt(le, i);
        }
        return out;
    }

    /**
     * The values as unsigned bytes (read them with {@code b & 0xFF}), converted from any integer or float dtype.
     *
     * @throws InvalidInputException if a value is not an integer in 0..255, as label maps must be
     */
    public byte[] asUint8() {
        if (type == NpyType.UINT8 || type == NpyType.BOOL) {
            return data.clone();
        }
        byte[] out = new byte[elementCount()];
        ByteBuffer le = littleEndian();
        for (int i = 0; i < out.length; i++) {
            double v = type.floating ? type.doubleAt(le, i) : type.longAt(le, i);
            if (!(v >= 0 && v <= 255 && v == Math.rint(v))) {
                throw new InvalidInputException("value " + v + " at flat index " + i + " of a " + type.descr()
                        + " array is not an integer in 0..255; label maps must hold class ids 0..255");
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** The raw little-endian C-order bytes, shared with this array: callers must not modify them. */
    byte[] rawBytes() {
        return data;
    }

    NpyType type() {
        return type;
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private ByteBuffer littleEndian() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer allocate(int count, int size) {
        return ByteBuffer.allocate(Math.multiplyExact(count, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype() + " " + Arrays.toString(shape) + "]";
    }
}
