package org.selfreg.dataprep.synthetic;

import java.util.Random;

/**
 * One labelled structure of the synthetic abdomen: an ellipsoid (or, for vessels, an elliptic tube) in coordinates
 * normalised to the body, painted with a mean HU.
 *
 * @param rawLabel BTCV label id (1..13)
 * @param hu       mean intensity
 * @param cu       centre, left-right, -1..1 across the body (negative = patient right, image left)
 * @param cv       centre, anterior-posterior, -1..1 (positive = posterior, image bottom)
 * @param ru       half-width in the same units
 * @param rv       half-height
 * @param z0       first slice, as a fraction of the volume's height (0 = inferior)
 * @param z1       last slice fraction
 * @param tube     constant cross-section along z instead of an ellipsoid
 */
record Structure(int rawLabel, double hu, double cu, double cv, double ru, double rv, double z0, double z1, boolean tube) {

    /** A per-case variant: shifted, resized and re-contrasted a little, so cases differ like patients do. */
    Structure jitter(Random random) {
        double scale = 0.85 + 0.3 * random.nextDouble();
        return new Structure(rawLabel, hu + 20 * (random.nextDouble() - 0.5),
                cu + 0.08 * (random.nextDouble() - 0.5), cv + 0.08 * (random.nextDouble() - 0.5),
                ru * scale, rv * scale, z0, z1, tube);
    }

    /** Whether the point (u, v) on the slice at height fraction w lies inside. */
    boolean contains(double u, double v, double w) {
        if (w < z0 || w > z1) {
            return false;
        }
        double shrink = 1;
        if (!tube) {
            double t = (2 * w - z0 - z1) / (z1 - z0);
            shrink = 1 - t * t;
        }
        double du = (u - cu) / ru;
        double dv = (v - cv) / rv;
        return du * du + dv * dv <= shrink;
    }
}
