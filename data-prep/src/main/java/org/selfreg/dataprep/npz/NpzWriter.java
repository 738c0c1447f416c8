package org.selfreg.dataprep.npz;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a numpy {@code .npz} archive one array at a time, in the layout {@code np.savez} (STORED) or
 * {@code np.savez_compressed} (DEFLATED) produces.
 *
 * <p>Arrays are encoded in small chunks straight from the caller's {@code float[]} or {@code byte[]}, so writing a
 * 512×512×200 volume never holds a second full-size copy of it (issue 3, item 7).
 */
public final class NpzWriter implements AutoCloseable {

    /** A fixed entry time so that the same arrays always give byte-identical archives (and equal digests). */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
    private static final int CHUNK_VALUES = 1 << 15;

    private final Path file;
    private final ZipOutputStream zip;
    private final boolean compressed;

    private NpzWriter(Path file, ZipOutputStream zip, boolean compressed) {
        this.file = file;
        this.zip = zip;
        this.compressed = compressed;
    }

    /**
     * Creates (or replaces) {@code file}.
     *
     * @param compressed DEFLATED entries (level 1: within 5% of level 6 in size on CT, markedly faster; formats.md §2),
     *                   else STORED
     */
    public static NpzWriter open(Path file, boolean compressed) {
        try {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            zip.setLevel(Deflater.BEST_SPEED);
            return new NpzWriter(file, zip, compressed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Adds {@code <key>.npy} holding {@code array}. */
    public void put(String key, NpyArray array) {
        byte[] data = array.rawBytes();
        entry(key, NpyFormat.header(array.dtype(), array.shape()), out -> out.write(data));
    }

    /** Adds a little-endian float32 array of {@code shape} taken from {@code values} starting at {@code from}. */
    public void putFloat32(String key, float[] values, int from, long... shape) {
        int count = Math.toIntExact(NpyArray.count(shape));
        entry(key, NpyFormat.header(NpyType.FLOAT32.descr(), shape), out -> {
            ByteBuffer chunk = ByteBuffer.allocate(4 * Math.min(count, CHUNK_VALUES)).order(ByteOrder.LITTLE_ENDIAN);
            for (int done = 0; done < count; ) {
                int n = Math.min(CHUNK_VALUES, count - done);
                chunk.clear();
                chunk.asFloatBuffer().put(values, from + done, n);
                out.write(chunk.array(), 0, 4 * n);
                done += n;
            }
        });
    }

    /** Adds a uint8 array of {@code shape} taken from {@code values} starting at {@code from}. */
    public void putUint8(String key, byte[] values, int from, long... shape) {
        int count = Math.toIntExact(NpyArray.count(shape));
        entry(key, NpyFormat.header(NpyType.UINT8.descr(), shape), out -> out.write(values, from, count));
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes the data of one entry; called twice for STORED entries (checksum first), so it must be repeatable. */
    private interface DataWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private void entry(String key, byte[] header, DataWriter data) {
        try {
            ZipEntry entry = new ZipEntry(key + ".npy");
            entry.setTimeLocal(ENTRY_TIME);
            if (compressed) {
                entry.setMethod(ZipEntry.DEFLATED);
            } else {
                // STORED entries need size and CRC before their bytes: one encoding pass to measure, one to write.
                CrcCounter counter = new CrcCounter();
                counter.write(header);
                data.writeTo(counter);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(counter.size);
                entry.setCompressedSize(counter.size);
                entry.setCrc(counter.crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(header);
            data.writeTo(zip);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static final class CrcCounter extends OutputStream {
        final CRC32 crc = new CRC32();
        long size;

        @Override
        public void write(int b) {
            crc.update(b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            size += len;
        }
    }
}
