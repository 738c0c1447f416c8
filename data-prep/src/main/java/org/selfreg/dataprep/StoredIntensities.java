package org.selfreg.dataprep;

import java.nio.file.Path;
import org.selfreg.dataprep.nifti.VoxelDecoder;

/**
 * Turns the stored planes of one CT into intensities clipped to the HU window and scaled to [0, 1]; a NaN or infinite
 * voxel means a broken conversion upstream. CT is almost always stored as 16-bit integers: then each stored code's
 * windowed value is tabulated once per file and looked up per voxel, several times cheaper than decoding, checking and
 * windowing every voxel. Other types take that slower path. Safe to use from several threads at once.
 */
final class StoredIntensities {

    private final Path file;
    private final VoxelDecoder decoder;
    private final double lo;
    private final double hi;
    private final int planeSize;
    /** Windowed value per stored code; null for wider types. */
    private final float[] windowedByCode;
    /** Whether some code decodes to NaN or infinity (a scaling gone wrong), so that voxels must be checked. */
    private final boolean someCodeNonFinite;

    StoredIntensities(Path file, VoxelDecoder decoder, double huMin, double huMax, int planeSize) {
        this.file = file;
        this.decoder = decoder;
        this.lo = huMin;
        this.hi = huMax;
        this.planeSize = planeSize;
        int codeCount = decoder.codeCount();
        boolean nonFinite = false;
        if (codeCount > 0) {
            windowedByCode = new float[codeCount];
            for (int code = 0; code < codeCount; code++) {
                float v = decoder.valueOf(code);
                nonFinite |= !Float.isFinite(v);
                windowedByCode[code] = (float) (((v < lo ? lo : v > hi ? hi : v) - lo) / (hi - lo));
            }
        } else {
            windowedByCode = null;
        }
        someCodeNonFinite = nonFinite;
    }

    /** Working memory for one plane in flight: its codes (none for wider types, decoded in place). */
    record Scratch(char[] codes) {
    }

    Scratch newScratch() {
        return new Scratch(windowedByCode != null ? new char[planeSize] : null);
    }

    /**
     * Writes the windowed values of the first {@code count} voxels of {@code stored} into {@code out} from
     * {@code outFrom}. {@code firstVoxel} is the index of the first of them in the file; {@code scratch} is from
     * {@link #newScratch()} and used by one thread at a time.
     *
     * @throws InvalidInputException naming the file, value and voxel of the first non-finite value
     */
    void toWindowed(byte[] stored, int count, Scratch scratch, float[] out, int outFrom, long firstVoxel) {
        if (windowedByCode == null) {
            decoder.decode(stored, count, out, outFrom);
            windowInPlace(out, outFrom, count, firstVoxel);
            return;
        }
        char[] c = scratch.codes();
        decoder.codes(stored, count, c);
        if (someCodeNonFinite) {
            for (int i = 0; i < count; i++) {
                requireFinite(decoder.valueOf(c[i]), firstVoxel + i);
            }
        }
        for (int i = 0; i < count; i++) {
            out[outFrom + i] = windowedByCode[c[i]];
        }
    }

    /** Windows {@code count} decoded values of {@code hu} from {@code from}, in place. */
    private void windowInPlace(float[] hu, int from, int count, long firstVoxel) {
        for (int i = from; i < from + count; i++) {
            requireFinite(hu[i], firstVoxel + i - from);
        }
        double range = hi - lo;
        if (Double.doubleToRawLongBits(lo) == 0L) {
            // Math.max(-0.0, +0.0) is +0.0, so below a window from +0.0 would turn a -0.0 voxel into +0.0 where the
            // clamp has always kept (like numpy's clip) -0.0; only this window start needs the slower comparisons.
            for (int i = from; i < from + count; i++) {
                double v = hu[i];
                hu[i] = (float) (((v < lo ? lo : v > hi ? hi : v) - lo) / range);
            }
            return;
        }
        // Checked apart, and clamped with Math.max/min (all values are finite now): the JIT vectorises this loop, which
        // a clamp by comparisons defeats (several times slower on CT). Both clamps give the same bits but for the one
        // signed-zero case above.
        for (int i = from; i < from + count; i++) {
            hu[i] = (float) ((Math.min(Math.max(hu[i], lo), hi) - lo) / range);
        }
    }

    private void requireFinite(float v, long voxel) {
        if (!Float.isFinite(v)) {
            throw new InvalidInputException(file + " has a non-finite value (" + v + ") at voxel " + voxel
                    + "; fix the conversion that produced this CT");
        }
    }
}
