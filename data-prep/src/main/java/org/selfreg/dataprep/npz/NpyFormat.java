package org.selfreg.dataprep.npz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code .npy} format (numpy's {@code format.py}): parses any version-1..3 file and writes version 1.0 headers
 * byte-identical to numpy's, so files round-trip through {@code np.load} unchanged.
 */
final class NpyFormat {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    /** numpy leaves room for the growth axis to reach this many digits so headers can be rewritten in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFormat() {
    }

    /** Parses one {@code .npy} entry; {@code what} names it in error messages. */
    static NpyArray parse(byte[] npy, String what) {
        if (npy.length < 10 || !Arrays.equals(Arrays.copyOf(npy, 6), MAGIC)) {
            throw new IllegalArgumentException(what + " is not a .npy array (no \\x93NUMPY magic)");
        }
        ByteBuffer in = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        int major = npy[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(in.getShort(8)) : in.getInt(8);
        int headerStart = major == 1 ? 10 : 12;
        if (major < 1 || major > 3 || headerStart + headerLength > npy.length) {
            throw new IllegalArgumentException(what + " has an unsupported or truncated .npy header (version " + major + ")");
        }
        String header = new String(npy, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, what);
        boolean fortran = group(FORTRAN, header, what).equals("True");
        long[] shape = parseShape(group(SHAPE, header, what));

        NpyType type = NpyType.of(descr).orElseThrow(() -> new IllegalArgumentException(
                what + " has dtype " + descr + ", which is not a plain numeric type"));
        long bytes = NpyArray.count(shape) * type.size;
        int dataStart = headerStart + headerLength;
        if (dataStart + bytes > npy.length) {
            throw new IllegalArgumentException(what + " is truncated: shape " + Arrays.toString(shape) + " of " + descr
                    + " needs " + bytes + " data bytes, found " + (npy.length - dataStart));
        }
        byte[] data = Arrays.copyOfRange(npy, dataStart, dataStart + (int) bytes);
        if (descr.charAt(0) == '>' && type.size > 1) {
            swapBytes(data, type.size);
        }
        if (fortran && shape.length > 1) {
            data = fortranToC(data, shape, type.size);
        }
        return new NpyArray(type, shape, data);
    }

    /** A version 1.0 {@code .npy} file of the array, C order, little-endian, header padded exactly as numpy does. */
    static byte[] format(NpyArray array) {
        byte[] header = header(array.dtype(), array.shape());
        byte[] data = array.rawBytes();
        byte[] out = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    /** The bytes that precede the data of a version 1.0 {@code .npy} file: magic, version, padded header text. */
    static byte[] header(String descr, long[] shape) {
        StringBuilder header = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            header.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
        }
        int hlen = header.length() + 1;
        int padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ARRAY_ALIGN);
        header.append(" ".repeat(padlen)).append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerBytes.length).put(headerBytes);
        return out.array();
    }

    private static String shapeRepr(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }

    private static long[] parseShape(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .mapToLong(s -> Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s))
                .toArray();
    }

    private static String group(Pattern pattern, String header, String what) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(what + " has a malformed .npy header: " + header.strip());
        }
        return m.group(1);
    }

    private static void swapBytes(byte[] data, int size) {
        for (int at = 0; at < data.length; at += size) {
            for (int i = 0, j = size - 1; i < j; i++, j--) {
                byte t = data[at + i];
                data[at + i] = data[at + j];
                data[at + j] = t;
            }
        }
    }

    /** Reorders Fortran-order (first axis fastest) elements into C order (last axis fastest). */
    private static byte[] fortranToC(byte[] data, long[] shape, int size) {
        int rank = shape.length;
        long[] cStrides = new long[rank];
        cStrides[rank - 1] = 1;
        for (int k = rank - 2; k >= 0; k--) {
            cStrides[k] = cStrides[k + 1] * shape[k + 1];
        }
        byte[] out = new byte[data.length];
        long[] index = new long[rank];
        int count = data.length / size;
        for (int f = 0; f < count; f++) {
            long c = 0;
            for (int k = 0; k < rank; k++) {
                c += index[k] * cStrides[k];
            }
            System.arraycopy(data, f * size, out, (int) c * size, size);
            for (int k = 0; k < rank && ++index[k] == shape[k]; k++) {
                index[k] = 0;
            }
        }
        return out;
    }
}
