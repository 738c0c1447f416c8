package org.selfreg.dataprep.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header fields a 3-D scalar reader needs, decoded from NIfTI-1 (348 bytes) or NIfTI-2 (540 bytes) in either byte
 * order. Field offsets follow nifti1.h and nifti2.h.
 */
record NiftiHeader(
        int version, ByteOrder order, long[] dim, int datatype, int bitpix, double[] pixdim, long voxOffset,
        double sclSlope, double sclInter, int qformCode, int sformCode, double[] quatern, double[] qoffset,
        double[][] srow) {

    static final int NIFTI1_SIZE = 348;
    static final int NIFTI2_SIZE = 540;

    /** Decodes the header at the start of {@code bytes}; the message of the exception says what is wrong. */
    static NiftiHeader parse(byte[] bytes) {
        if (bytes.length < NIFTI1_SIZE) {
            throw new IllegalArgumentException("only " + bytes.length + " bytes, shorter than a NIfTI header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int size = b.order(order).getInt(0);
            if (size == NIFTI1_SIZE) {
                return nifti1(b, bytes);
            }
            if (size == NIFTI2_SIZE) {
                return nifti2(b, bytes);
            }
        }
        throw new IllegalArgumentException("sizeof_hdr is neither 348 (NIfTI-1) nor 540 (NIfTI-2) in either byte order");
    }

    private static NiftiHeader nifti1(ByteBuffer b, byte[] bytes) {
        String magic = new String(bytes, 344, 4, StandardCharsets.ISO_8859_1);
        if (magic.equals("ni1\0")) {
            throw new IllegalArgumentException("a .hdr/.img pair header (magic 'ni1'); convert it to a single .nii file");
        }
        if (!magic.equals("n+1\0")) {
            throw new IllegalArgumentException("no NIfTI-1 magic 'n+1' at byte 344 (an Analyze 7.5 file?)");
        }
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getShort(40 + 2 * i);
        }
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
            }
        }
        return new NiftiHeader(1, b.order(), dim, b.getShort(70), b.getShort(72), pixdim, (long) b.getFloat(108),
                b.getFloat(112), b.getFloat(116), b.getShort(252), b.getShort(254),
                new double[] {b.getFloat(256), b.getFloat(260), b.getFloat(264)},
                new double[] {b.getFloat(268), b.getFloat(272), b.getFloat(276)}, srow);
    }

    private static NiftiHeader nifti2(ByteBuffer b, byte[] bytes) {
        if (bytes.length < NIFTI2_SIZE) {
            throw new IllegalArgumentException("only " + bytes.length + " bytes, shorter than a NIfTI-2 header");
        }
        String magic = new String(bytes, 4, 8, StandardCharsets.ISO_8859_1);
        if (!magic.equals("n+2\0\r\n\032\n")) {
            throw new IllegalArgumentException("no single-file NIfTI-2 magic 'n+2' at byte 4");
        }
        long[] dim = new long[8];
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getLong(16 + 8 * i);
            pixdim[i] = b.getDouble(104 + 8 * i);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getDouble(400 + 32 * r + 8 * c);
            }
        }
        return new NiftiHeader(2, b.order(), dim, b.getShort(12), b.getShort(14), pixdim, b.getLong(168),
                b.getDouble(176), b.getDouble(184), b.getInt(344), b.getInt(348),
                new double[] {b.getDouble(352), b.getDouble(360), b.getDouble(368)},
                new double[] {b.getDouble(376), b.getDouble(384), b.getDouble(392)}, srow);
    }

    /** The affine nibabel reports: sform if coded, else qform if coded, else the Analyze-style default. */
    double[][] affine() {
        if (sformCode > 0) {
            double[][] m = Affines.identity();
            for (int r = 0; r < 3; r++) {
                m[r] = srow[r].clone();
            }
            return m;
        }
        double[] zooms = Arrays.copyOfRange(pixdim, 1, 4);
        if (qformCode > 0) {
            return Affines.fromQuaternion(quatern[0], quatern[1], quatern[2], qoffset, zooms, pixdim[0]);
        }
        return Affines.fallback(Arrays.copyOfRange(dim, 1, 4), zooms);
    }

    /** Where voxel data can start at the earliest: the header plus the 4-byte extension flag. */
    long minimumDataOffset() {
        return (version == 1 ? NIFTI1_SIZE : NIFTI2_SIZE) + 4;
    }

    /** Whether {@code scl_slope} asks for scaling: a slope of 0 or a non-finite slope means "values as stored". */
    boolean scaled() {
        return sclSlope != 0 && Double.isFinite(sclSlope);
    }

    /** The intercept to add when {@link #scaled()}; a non-finite intercept counts as 0, as in nibabel. */
    double effectiveInter() {
        return Double.isFinite(sclInter) ? sclInter : 0;
    }
}
