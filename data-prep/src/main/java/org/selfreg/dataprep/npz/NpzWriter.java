package org.selfreg.dataprep.npz;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a numpy {@code .npz} archive one array at a time, in the layout {@code np.savez} (STORED) or
 * {@code np.savez_compressed} (DEFLATED) produces, and hashes the archive as it writes it ({@link #sha256()}), so a
 * dataset manifest needs no second read of its files.
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
    private final MessageDigest sha256;
    private final boolean compressed;
    private final ByteBuffer chunk = ByteBuffer.allocate(4 * CHUNK_VALUES).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closed;

    private NpzWriter(Path file, ZipOutputStream zip, MessageDigest sha256, boolean compressed) {
        this.file = file;
        this.zip = zip;
        this.sha256 = sha256;
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
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // Buffer above the digest, so that it hashes large blocks rather than each small zip record.
            OutputStream out = new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(file), sha256),
                    1 << 16);
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(Deflater.BEST_SPEED);
            return new NpzWriter(file, zip, sha256, compressed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
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
        if (closed) {
            return;
        }
        try {
            zip.close();
            closed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Hex SHA-256 of the archive's bytes, as written.
     *
     * @throws IllegalStateException before {@link #close()}
     */
    public String sha256() {
        if (!closed) {
            throw new IllegalStateException(file + " is still being written; close it first");
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Writes the data of one entry; STORED entries call it twice, so it must be repeatable. */
    private interface DataWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private void entry(String key, byte[] header, DataWriter data) {
        try {
            ZipEntry entry = new ZipEntry(key + ".npy");
            entry.setTimeLocal(ENTRY_TIME);
            if (compressed) {
                entry.setMethod(ZipEntry.DEFLATED);
                zip.putNextEntry(entry);
                zip.write(header);
                data.writeTo(zip);
            } else {
                // STORED entries need size and CRC before their bytes. Encoding twice (it is cheap) beats staging a
                // copy: a 512×512 float32 slice staged is over 1 MiB, a humongous object for G1 at heaps of up to
                // 4 GiB, and one per slice set off a garbage collection every few slices.
                CrcCounter counter = new CrcCounter();
                counter.write(header);
                data.writeTo(counter);
                zip.putNextEntry(stored(entry, counter.size, counter.crc.getValue()));
                zip.write(header);
                data.writeTo(zip);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static ZipEntry stored(ZipEntry entry, long size, long crc) {
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        return entry;
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
