package org.selfreg.dataprep.nifti;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Streams a 3-D scalar NIfTI-1 or NIfTI-2 image ({@code .nii} or gzipped {@code .nii.gz}, either byte order) one
 * z-plane at a time, as nibabel would present it: scaled values, and the sform / qform / default affine in nibabel's
 * order of preference.
 *
 * <p>Gunzipping is single-threaded, and for a CT it is the largest single cost of preprocessing: handing out each plane
 * as soon as it is inflated lets a caller work on earlier planes meanwhile, and need the whole volume only if it wants
 * it ({@link NiftiReader} does). A caller with other threads can take the stored bytes ({@link #readStoredPlane}) and
 * decode them there ({@link #decoder()}), leaving the reading thread nothing to do but inflate.
 */
public final class NiftiPlaneReader implements AutoCloseable {

    private final Path file;
    private final boolean gzip;
    private final InputStream data;
    private final NiftiHeader header;
    private final NiftiDataType type;
    private final int[] dims;
    private final long offset;
    private final VoxelDecoder decoder;
    private byte[] plane;
    private long voxelsRead;

    private NiftiPlaneReader(Path file, boolean gzip, InputStream in) throws IOException {
        this.file = file;
        this.gzip = gzip;
        byte[] head = in.readNBytes(NiftiHeader.NIFTI2_SIZE);
        try {
            header = NiftiHeader.parse(head);
        } catch (IllegalArgumentException e) {
            throw invalid("is not a readable NIfTI image: " + e.getMessage());
        }
        dims = dims(header);
        type = NiftiDataType.ofCode(header.datatype()).orElseThrow(() -> invalid("has NIfTI datatype "
                + header.datatype() + ", which is not a supported scalar type (RGB and complex are not)"));
        if (header.bitpix() != type.bytes() * 8) {
            throw invalid("declares bitpix " + header.bitpix() + " for datatype " + type + " (expected "
                    + type.bytes() * 8 + ")");
        }
        if ((long) dims[0] * dims[1] * type.bytes() > Integer.MAX_VALUE) {
            throw invalid("has " + dims[0] + "x" + dims[1] + " voxels per slice, more than one array can hold");
        }
        // Some writers leave vox_offset below the header end; nifti1_io.c reads from the header end then.
        offset = Math.max(header.voxOffset(), header.minimumDataOffset());
        data = dataStream(head, offset, in);
        decoder = new VoxelDecoder(type, header.order(), header.scaled(), header.sclSlope(), header.effectiveInter());
    }

    /**
     * Opens {@code file} and reads its header; the voxels follow with {@link #readPlane}. Gzip is detected by its magic
     * bytes, not the file name: misnamed files are common.
     *
     * @throws InvalidInputException if the file is missing, not NIfTI, 4-D, or of a non-scalar type
     */
    public static NiftiPlaneReader open(Path file) {
        boolean gzip = isGzip(file);
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            if (gzip) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new NiftiPlaneReader(file, gzip, in);
        } catch (IOException e) {
            closeQuietly(in, e);
            throw failure(e, file, gzip);
        } catch (RuntimeException e) {
            closeQuietly(in, e);
            throw e;
        }
    }

    /** Voxels along the first NIfTI axis (fastest varying). */
    public int nx() {
        return dims[0];
    }

    /** Voxels along the second axis. */
    public int ny() {
        return dims[1];
    }

    /** Voxels along the third axis: the number of planes. */
    public int nz() {
        return dims[2];
    }

    /** Voxels in one plane, {@code nx·ny}. */
    public int planeSize() {
        return dims[0] * dims[1];
    }

    /** Bytes of one stored plane, {@code nx·ny·bitpix/8}: what {@link #readStoredPlane} fills. */
    public int planeBytes() {
        return planeSize() * type.bytes();
    }

    /** Turns this file's stored planes into scaled values; safe to use on other threads while this reader reads. */
    public VoxelDecoder decoder() {
        return decoder;
    }

    /** The 4×4 voxel-to-world matrix: the sform if set, else the qform, else nibabel's default. */
    public double[][] affine() {
        return header.affine();
    }

    /** The on-disk voxel type. */
    public NiftiDataType storedType() {
        return type;
    }

    /** Voxel size in mm along x, y, z. */
    public double[] spacing() {
        return Affines.columnNorms(affine());
    }

    /**
     * Reads the next z-plane into {@code out} from index {@code from}: {@link #planeSize()} scaled values, x fastest.
     *
     * @throws InvalidInputException if the file ends before the plane does, or its gzip stream is corrupt
     * @throws IllegalStateException if every plane was already read
     */
    public void readPlane(float[] out, int from) {
        if (plane == null) {
            plane = new byte[planeBytes()];
        }
        readStoredPlane(plane);
        decoder.decode(plane, planeSize(), out, from);
    }

    /**
     * Reads the next z-plane's stored bytes, as in the file ({@link #storedType()}, the file's byte order, unscaled),
     * into {@code out} from index 0: {@link #planeBytes()} bytes, x fastest; {@link #decoder()} turns them into values.
     *
     * @throws InvalidInputException if the file ends before the plane does, or its gzip stream is corrupt
     * @throws IllegalStateException if every plane was already read
     */
    public void readStoredPlane(byte[] out) {
        if (voxelsRead >= (long) planeSize() * nz()) {
            throw new IllegalStateException(file + ": all " + nz() + " planes were already read");
        }
        int size = type.bytes();
        try {
            int got = data.readNBytes(out, 0, planeBytes()) / size;
            voxelsRead += got;
            if (got < planeSize()) {
                throw invalid("is truncated: its header needs " + (offset + (long) planeSize() * nz() * size)
                        + " bytes of image data, the file has at most " + (offset + voxelsRead * size)
                        + "; re-export or re-download it");
            }
        } catch (IOException e) {
            throw failure(e, file, gzip);
        }
    }

    @Override
    public void close() {
        try {
            data.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
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

    private static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist; check the data directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static RuntimeException failure(IOException e, Path file, boolean gzip) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException(file + " does not exist; check the data directory");
        }
        if (gzip) {
            return new InvalidInputException(file + ": the gzip stream is truncated or corrupt (" + e.getMessage()
                    + "); re-download or re-compress the file", e);
        }
        return new UncheckedIOException("cannot read " + file, e);
    }

    private static void closeQuietly(InputStream in, Exception cause) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }

    private int[] dims(NiftiHeader h) {
        long[] dim = h.dim();
        if (dim[0] < 1 || dim[0] > 7) {
            throw invalid("has dim[0] = " + dim[0] + ", outside 1..7");
        }
        for (int i = 4; i <= dim[0]; i++) {
            if (dim[i] > 1) {
                throw invalid("is " + dim[0] + "-D (dim[" + i + "] = " + dim[i] + "); only 3-D volumes are "
                        + "supported, so extract one volume first");
            }
        }
        int[] n = new int[3];
        for (int i = 0; i < 3; i++) {
            long d = i < dim[0] ? dim[i + 1] : 1;
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw invalid("has dimension " + (i + 1) + " = " + d + "; an image needs at least one voxel per axis");
            }
            n[i] = (int) d;
        }
        return n;
    }

    private InvalidInputException invalid(String what) {
        return new InvalidInputException(file + " " + what);
    }
}
