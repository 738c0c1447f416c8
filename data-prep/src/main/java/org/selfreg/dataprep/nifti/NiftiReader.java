package org.selfreg.dataprep.nifti;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Reads a 3-D scalar NIfTI-1 or NIfTI-2 image ({@code .nii} or gzipped {@code .nii.gz}, either byte order) the way
 * nibabel does: scaled values, and the sform / qform / default affine in nibabel's order of preference.
 */
public final class NiftiReader {

    private static final int CHUNK_BYTES = 1 << 20;

    private NiftiReader() {
    }

    /**
     * Reads a volume. The voxel data is decoded while it streams in (gunzipped on the fly), so the only full-size
     * array is the returned {@code float[]}.
     *
     * @throws InvalidInputException if the file is missing, truncated, not NIfTI, 4-D, or of a non-scalar type
     */
    public static NiftiVolume read(Path file) {
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            byte[] head = in.readNBytes(NiftiHeader.NIFTI2_SIZE);
            NiftiHeader h;
            try {
                h = NiftiHeader.parse(head);
            } catch (IllegalArgumentException e) {
                throw invalid(file, "is not a readable NIfTI image: " + e.getMessage());
            }
            int[] n = dims(file, h);
            NiftiDataType type = NiftiDataType.ofCode(h.datatype()).orElseThrow(() -> invalid(file, "has NIfTI datatype "
                    + h.datatype() + ", which is not a supported scalar type (RGB and complex are not)"));
            if (h.bitpix() != type.bytes() * 8) {
                throw invalid(file, "declares bitpix " + h.bitpix() + " for datatype " + type + " (expected "
                        + type.bytes() * 8 + ")");
            }
            long voxels = (long) n[0] * n[1] * n[2];
            if (voxels > Integer.MAX_VALUE / type.bytes()) {
                throw invalid(file, "has " + voxels + " voxels, more than this reader can hold in memory (2 GiB)");
            }
            // Some writers leave vox_offset below the header end; nifti1_io.c reads from the header end then.
            long offset = Math.max(h.voxOffset(), h.minimumDataOffset());
            float[] data = new float[(int) voxels];
            long decoded = decode(dataStream(head, offset, in), h, type, data);
            if (decoded < voxels) {
                throw invalid(file, "is truncated: its header needs " + (offset + voxels * type.bytes())
                        + " bytes of image data, the file has at most " + (offset + decoded * type.bytes())
                        + "; re-export or re-download it");
            }
            return new NiftiVolume(n[0], n[1], n[2], data, h.affine(), type);
        } catch (NoSuchFileException e) {
            throw invalid(file, "does not exist; check the data directory");
        } catch (IOException e) {
            if (gzip) {
                throw new InvalidInputException(file + ": the gzip stream is truncated or corrupt (" + e.getMessage()
                        + "); re-download or re-compress the file", e);
            }
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Decodes voxels chunk by chunk into {@code out}; returns how many the stream held (fewer means truncated). */
    private static long decode(InputStream in, NiftiHeader h, NiftiDataType type, float[] out) throws IOException {
        int perChunk = CHUNK_BYTES / type.bytes();
        byte[] chunk = new byte[perChunk * type.bytes()];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(h.order());
        int done = 0;
        while (done < out.length) {
            int want = Math.min(perChunk, out.length - done);
            int got = in.readNBytes(chunk, 0, want * type.bytes()) / type.bytes();
            VoxelDecoder.decode(buffer, got, type, h.scaled(), h.sclSlope(), h.effectiveInter(), out, done);
            done += got;
            if (got < want) {
                break;
            }
        }
        return done;
    }

    /** The stream positioned at the first voxel; the header read may already hold the start of the data. */
    private static InputStream dataStream(byte[] head, long offset, InputStream rest) throws IOException {
        if (offset <= head.length) {
            return new SequenceInputStream(new ByteArrayInputStream(head, (int) offset, head.length - (int) offset), rest);
        }
        long skip = offset - head.length;
        long skipped = rest.skip(skip);
        while (skipped < skip && rest.read() >= 0) {
            skipped++;
        }
        return rest;
    }

    /** Gzip is detected by its magic bytes, not the file name: misnamed files are common. */
    private static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
        } catch (NoSuchFileException e) {
            throw invalid(file, "does not exist; check the data directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static int[] dims(Path file, NiftiHeader h) {
        long[] dim = h.dim();
        if (dim[0] < 1 || dim[0] > 7) {
            throw invalid(file, "has dim[0] = " + dim[0] + ", outside 1..7");
        }
        for (int i = 4; i <= dim[0]; i++) {
            if (dim[i] > 1) {
                throw invalid(file, "is " + dim[0] + "-D (dim[" + i + "] = " + dim[i] + "); only 3-D volumes are "
                        + "supported, so extract one volume first");
            }
        }
        int[] n = new int[3];
        for (int i = 0; i < 3; i++) {
            long d = i < dim[0] ? dim[i + 1] : 1;
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw invalid(file, "has dimension " + (i + 1) + " = " + d + "; an image needs at least one voxel per axis");
            }
            n[i] = (int) d;
        }
        return n;
    }

    private static InvalidInputException invalid(Path file, String what) {
        return new InvalidInputException(file + " " + what);
    }
}
