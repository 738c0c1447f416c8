package org.selfreg.dataprep.nifti;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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

    private NiftiReader() {
    }

    /**
     * Reads a volume.
     *
     * @throws InvalidInputException if the file is missing, truncated, not NIfTI, 4-D, or of a non-scalar type
     */
    public static NiftiVolume read(Path file) {
        byte[] bytes = gunzipIfNeeded(file, readFile(file));
        NiftiHeader h;
        try {
            h = NiftiHeader.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "is not a readable NIfTI image: " + e.getMessage());
        }
        int[] n = dims(file, h);
        NiftiDataType type = NiftiDataType.ofCode(h.datatype()).orElseThrow(() -> invalid(file,
                "has NIfTI datatype " + h.datatype() + ", which is not a supported scalar type (RGB and complex are not)"));
        if (h.bitpix() != type.bytes() * 8) {
            throw invalid(file, "declares bitpix " + h.bitpix() + " for datatype " + type + " (expected " + type.bytes() * 8 + ")");
        }
        long voxels = (long) n[0] * n[1] * n[2];
        if (voxels > Integer.MAX_VALUE / type.bytes()) {
            throw invalid(file, "has " + voxels + " voxels, more than this reader can hold in memory (2 GiB)");
        }
        // Some writers leave vox_offset below the header end; nifti1_io.c reads from the header end then.
        long offset = Math.max(h.voxOffset(), h.minimumDataOffset());
        long needed = offset + voxels * type.bytes();
        if (needed > bytes.length) {
            throw invalid(file, "is truncated: its header needs " + needed + " bytes of image data, the file has "
                    + bytes.length + "; re-export or re-download it");
        }
        float[] data = VoxelDecoder.decode(ByteBuffer.wrap(bytes).order(h.order()), (int) offset, (int) voxels, type,
                h.scaled(), h.sclSlope(), h.effectiveInter());
        return new NiftiVolume(n[0], n[1], n[2], data, h.affine(), type);
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

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw invalid(file, "does not exist; check the data directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Gzip is detected by its magic bytes, not the file name: misnamed files are common. */
    private static byte[] gunzipIfNeeded(Path file, byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xFF) != 0x1F || (bytes[1] & 0xFF) != 0x8B) {
            return bytes;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException(file + ": the gzip stream is truncated or corrupt (" + e.getMessage()
                    + "); re-download or re-compress the file", e);
        }
    }

    private static InvalidInputException invalid(Path file, String what) {
        return new InvalidInputException(file + " " + what);
    }
}
