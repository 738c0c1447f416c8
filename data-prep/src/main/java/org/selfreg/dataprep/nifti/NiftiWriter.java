package org.selfreg.dataprep.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Writes a volume as a little-endian NIfTI-1 file, gzipped when the name ends in {@code .gz}.
 *
 * <p>qform and sform both carry the volume's affine with code 1 (scanner anatomical): when the two differ, ITK and
 * nibabel pick different ones (formats.md §1), so only identical transforms give the same geometry in every viewer.
 * The gzip header has no timestamp, so equal volumes give byte-identical files.
 */
public final class NiftiWriter {

    private static final int VOX_OFFSET = 352;
    private static final byte UNITS_MM_SECONDS = 2 | 8;

    private NiftiWriter() {
    }

    /**
     * Writes {@code volume}, rounding its values to {@code storeAs} when that is an integer type.
     *
     * @throws InvalidInputException if a value does not fit {@code storeAs} (or is NaN for an integer type)
     */
    public static void write(Path file, NiftiVolume volume, NiftiDataType storeAs) {
        ByteBuffer out = ByteBuffer.allocate(VOX_OFFSET + volume.data().length * storeAs.bytes())
                .order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(out, volume, storeAs);
        encode(file, out, volume.data(), storeAs);
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             OutputStream os = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw) {
            os.write(out.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeHeader(ByteBuffer b, NiftiVolume v, NiftiDataType type) {
        double[][] affine = v.affine();
        double[] zooms = v.spacing();
        double[] q = Affines.toQuaternion(affine);
        b.putInt(0, NiftiHeader.NIFTI1_SIZE);
        b.put(38, (byte) 'r');
        short[] dim = {3, (short) v.nx(), (short) v.ny(), (short) v.nz(), 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, dim[i]);
        }
        b.putShort(70, (short) type.code());
        b.putShort(72, (short) (type.bytes() * 8));
        float[] pixdim = {(float) q[3], (float) zooms[0], (float) zooms[1], (float) zooms[2], 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putFloat(76 + 4 * i, pixdim[i]);
        }
        b.putFloat(108, VOX_OFFSET);
        b.put(123, UNITS_MM_SECONDS);
        b.putShort(252, (short) 1);
        b.putShort(254, (short) 1);
        for (int i = 0; i < 3; i++) {
            b.putFloat(256 + 4 * i, (float) q[i]);
            b.putFloat(268 + 4 * i, (float) affine[i][3]);
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * i + 4 * c, (float) affine[i][c]);
            }
        }
        b.put(344, "n+1\0".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void encode(Path file, ByteBuffer b, float[] data, NiftiDataType type) {
        b.position(VOX_OFFSET);
        for (int i = 0; i < data.length; i++) {
            double v = type.isInteger() ? Math.rint(data[i]) : data[i];
            if (type.isInteger() && !type.holds(v)) {
                throw new InvalidInputException(file + ": value " + data[i] + " at voxel " + i + " does not fit "
                        + type + "; store the volume as a wider or floating-point type");
            }
            switch (type) {
                case UINT8, INT8 -> b.put((byte) (long) v);
                case INT16, UINT16 -> b.putShort((short) (long) v);
                case INT32, UINT32 -> b.putInt((int) (long) v);
                case INT64 -> b.putLong((long) v);
                case FLOAT32 -> b.putFloat((float) v);
                case FLOAT64 -> b.putDouble(v);
            }
        }
    }
}
