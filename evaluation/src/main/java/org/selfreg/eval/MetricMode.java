package org.selfreg.eval;

import java.util.Locale;
import org.selfreg.dataprep.InvalidInputException;

/**
 * How per-class metrics treat units and empty masks. The paper rule is the dataset's protocol's (TransUNet's and
 * ACDC's share one, see {@link ClassScorer}; UCTransNet's is {@link Overlap}'s); the corrected rule is the same for
 * all.
 */
public enum MetricMode {

    /**
     * The protocol's reference code. For volumes, the reference's {@code calculate_metric_percase}: distances in
     * voxel units (no spacing, z counted as 1); prediction non-empty and ground truth empty scores (dice 1, hd95 0);
     * an empty prediction scores (0, 0), which flatters HD95. For UCTransNet's 2-D images, its smoothed Dice and
     * scikit-learn's IoU (see {@link Overlap}). Use it to reproduce published numbers.
     */
    PAPER,

    /**
     * Distances in millimetres from the volume spacing. Where the ground truth is empty the class is absent and every
     * metric is NaN; where only the prediction is empty Dice is 0 (a miss) and the distances are NaN. NaNs are left
     * out of the means and counted in the report. For a binary 2-D image, an image whose truth and prediction are both
     * empty is NaN (see {@link Overlap}).
     */
    CORRECTED;

    /** Parses {@code "paper"} or {@code "corrected"}, as a task input spells them. */
    public static MetricMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "paper" -> PAPER;
            case "corrected" -> CORRECTED;
            default -> throw new InvalidInputException("unknown metric mode '" + text + "'; use \"corrected\" (mm,"
                    + " empty masks not scored, the default) or \"paper\" (the reference's voxel-unit metrics)");
        };
    }
}
