package org.selfreg.eval;

import java.util.Locale;
import org.selfreg.dataprep.InvalidInputException;

/** How per-class metrics treat units and empty masks. */
public enum MetricMode {

    /**
     * The reference's {@code calculate_metric_percase}: distances in voxel units (no spacing, z counted as 1);
     * prediction non-empty and ground truth empty scores (dice 1, hd95 0); an empty prediction scores (0, 0), which
     * flatters HD95. Use it to reproduce published numbers.
     */
    PAPER,

    /**
     * Distances in millimetres from the volume spacing. Where the ground truth is empty the class is absent and every
     * metric is NaN; where only the prediction is empty Dice is 0 (a miss) and the distances are NaN. NaNs are left
     * out of the means and counted in the report.
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
