package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Scales one raw ACDC frame to [0, 1]: clipped to its own 0.5th and 99.5th percentiles (numpy's default linear
 * interpolation), then min-max scaled.
 *
 * <p>Why: MR intensities have no physical unit (unlike CT's HU), so there is no fixed window and each volume is scaled
 * by its own range; the dataset's contract is [0, 1] images (what the trainer and TransUNet's slices assume). Plain
 * min-max would let a few bright voxels (flow artefacts, fat near the coil) squash the heart into a narrow band, so the
 * extreme 0.5% at each end are clipped first. MT-UNet's own normalisation of its archive is unpublished, so the
 * {@code acdc-npz} layout keeps the archive's values instead and the two forms are not bit-comparable.
 */
final class AcdcIntensities {

    /** The rule as the manifest records it (and so the dataset digest covers it). */
    static final String RULE = "per volume: clipped to its 0.5th and 99.5th percentiles (linear interpolation), "
            + "then min-max scaled to [0, 1]; a constant volume becomes 0";

    private static final double LOW_PERCENTILE = 0.5;
    private static final double HIGH_PERCENTILE = 99.5;

    private AcdcIntensities() {
    }

    /**
     * {@code values} of {@code file}, scaled in place.
     *
     * @throws InvalidInputException naming the file and voxel of the first NaN or infinite value
     */
    static float[] normalise(Path file, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException(file + " has a non-finite intensity (" + values[i] + ") at voxel " + i
                        + "; re-export the frame from its source");
            }
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double lo = percentile(sorted, LOW_PERCENTILE);
        double hi = percentile(sorted, HIGH_PERCENTILE);
        for (int i = 0; i < values.length; i++) {
            double v = Math.min(hi, Math.max(lo, values[i]));
            values[i] = hi > lo ? (float) ((v - lo) / (hi - lo)) : 0f;
        }
        return values;
    }

    /** numpy's {@code percentile(a, q)} with its default linear interpolation, over sorted values. */
    static double percentile(float[] sorted, double q) {
        double position = q / 100 * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * ((double) sorted[above] - sorted[below]);
    }
}
