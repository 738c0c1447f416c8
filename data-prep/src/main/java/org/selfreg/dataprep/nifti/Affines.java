package org.selfreg.dataprep.nifti;

/**
 * Affine arithmetic NIfTI needs, following nifti1_io.c and nibabel so that geometry matches other tools exactly.
 */
public final class Affines {

    private static final String[][] AXIS_LABELS = {{"L", "R"}, {"P", "A"}, {"I", "S"}};

    private Affines() {
    }

    /** Norms of the first three columns: the voxel size along each array axis. */
    public static double[] columnNorms(double[][] affine) {
        double[] norms = new double[3];
        for (int c = 0; c < 3; c++) {
            norms[c] = Math.sqrt(sq(affine[0][c]) + sq(affine[1][c]) + sq(affine[2][c]));
        }
        return norms;
    }

    /**
     * Axis codes like nibabel's {@code aff2axcodes}: each array axis is assigned the world axis it is most parallel to,
     * largest component first, so two array axes never share a world axis.
     */
    public static String[] axisCodes(double[][] affine) {
        double[] norms = columnNorms(affine);
        double[][] m = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[r][c] = norms[c] == 0 ? 0 : affine[r][c] / norms[c];
            }
        }
        String[] codes = new String[3];
        for (int n = 0; n < 3; n++) {
            int bestR = -1;
            int bestC = -1;
            double best = 0;
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    if (Math.abs(m[r][c]) > best) {
                        best = Math.abs(m[r][c]);
                        bestR = r;
                        bestC = c;
                    }
                }
            }
            if (bestR < 0) {
                break;
            }
            codes[bestC] = AXIS_LABELS[bestR][m[bestR][bestC] > 0 ? 1 : 0];
            for (int k = 0; k < 3; k++) {
                m[bestR][k] = 0;
                m[k][bestC] = 0;
            }
        }
        return codes;
    }

    /** The qform affine ({@code nifti_quatern_to_mat44}); {@code qfac} other than -1 counts as 1. */
    static double[][] fromQuaternion(double b, double c, double d, double[] offset, double[] pixdim, double qfac) {
        double a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7) {
            // Rounding in float storage can push the norm past 1: renormalise as nifti1_io.c does (a 180° rotation).
            double s = 1.0 / Math.sqrt(b * b + c * c + d * d);
            b *= s;
            c *= s;
            d *= s;
            a = 0;
        } else {
            a = Math.sqrt(a);
        }
        double xd = pixdim[0] > 0 ? pixdim[0] : 1;
        double yd = pixdim[1] > 0 ? pixdim[1] : 1;
        double zd = (pixdim[2] > 0 ? pixdim[2] : 1) * (qfac < 0 ? -1 : 1);
        return new double[][] {
            {(a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, offset[0]},
            {2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, offset[1]},
            {2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, offset[2]},
            {0, 0, 0, 1}};
    }

    /**
     * The quaternion of an affine's rotation ({@code nifti_mat44_to_quatern}) as {@code {b, c, d, qfac}}. Columns are
     * normalised first; a shear cannot be expressed as a quaternion and is dropped, so such affines live only in the sform.
     */
    static double[] toQuaternion(double[][] affine) {
        double[] norms = columnNorms(affine);
        double[][] r = new double[3][3];
        for (int col = 0; col < 3; col++) {
            for (int row = 0; row < 3; row++) {
                r[row][col] = norms[col] == 0 ? (row == col ? 1 : 0) : affine[row][col] / norms[col];
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[2][1] * r[1][2])
                - r[1][0] * (r[0][1] * r[2][2] - r[2][1] * r[0][2])
                + r[2][0] * (r[0][1] * r[1][2] - r[1][1] * r[0][2]);
        double qfac = 1;
        if (det <= 0) {
            qfac = -1;
            for (int row = 0; row < 3; row++) {
                r[row][2] = -r[row][2];
            }
        }
        double a = r[0][0] + r[1][1] + r[2][2] + 1;
        double b;
        double c;
        double d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r[2][1] - r[1][2]) / a;
            c = 0.25 * (r[0][2] - r[2][0]) / a;
            d = 0.25 * (r[1][0] - r[0][1]) / a;
        } else {
            double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
            double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
            double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
            if (xd > 1) {
                b = 0.5 * Math.sqrt(xd);
                c = 0.25 * (r[0][1] + r[1][0]) / b;
                d = 0.25 * (r[0][2] + r[2][0]) / b;
                a = 0.25 * (r[2][1] - r[1][2]) / b;
            } else if (yd > 1) {
                c = 0.5 * Math.sqrt(yd);
                b = 0.25 * (r[0][1] + r[1][0]) / c;
                d = 0.25 * (r[1][2] + r[2][1]) / c;
                a = 0.25 * (r[0][2] - r[2][0]) / c;
            } else {
                d = 0.5 * Math.sqrt(zd);
                b = 0.25 * (r[0][2] + r[2][0]) / d;
                c = 0.25 * (r[1][2] + r[2][1]) / d;
                a = 0.25 * (r[1][0] - r[0][1]) / d;
            }
            if (a < 0) {
                b = -b;
                c = -c;
                d = -d;
            }
        }
        return new double[] {b, c, d, qfac};
    }

    /**
     * nibabel's affine for a header with neither sform nor qform ({@code shape_zoom_affine} with x flipped): the
     * Analyze convention, origin at the volume centre.
     */
    static double[][] fallback(long[] dims, double[] pixdim) {
        double[][] m = identity();
        for (int i = 0; i < 3; i++) {
            double zoom = i == 0 ? -pixdim[i] : pixdim[i];
            m[i][i] = zoom;
            m[i][3] = -((dims[i] - 1) / 2.0) * zoom;
        }
        return m;
    }

    /** A new 4×4 identity matrix: the affine of a volume without geometry (voxel = mm, axes as stored). */
    public static double[][] identity() {
        return new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
    }

    /** Whether two affines agree to within {@code tolerance} in every entry. */
    public static boolean approximatelyEqual(double[][] a, double[][] b, double tolerance) {
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                if (!(Math.abs(a[r][c] - b[r][c]) <= tolerance)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double sq(double v) {
        return v * v;
    }
}
