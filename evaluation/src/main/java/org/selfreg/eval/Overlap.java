package org.selfreg.eval;

/**
 * Dice and Jaccard (IoU) of one class in one image under a 2-D protocol's rule.
 *
 * <p>{@link MetricMode#PAPER} follows McGregorWwww/UCTransNet: {@code utils.py}'s {@code dice_coef} is
 * {@code 2|A∩B| / (|A| + |B| + 1e-5)} (so two empty masks score 0) and {@code test_model.py} takes the IoU from
 * scikit-learn's {@code jaccard_score}, binary with {@code pos_label=1}, which is 0 when both masks are empty (its
 * {@code zero_division} default). {@link MetricMode#CORRECTED} is exact: {@code 2|A∩B| / (|A| + |B|)} and
 * {@code |A∩B| / |A∪B|}, and an image whose truth and prediction are both empty is NaN (left out of the means), as
 * the corrected rule treats an absent class. A prediction on an empty truth is a false positive and scores 0 in both
 * modes: unlike an organ of a CT volume, a binary image task has no "absent class" to excuse.
 */
public record Overlap(double dice, double jaccard) {

    /** UCTransNet's smoothing term of {@code dice_coef}. */
    static final double UCTRANSNET_SMOOTH = 1e-5;

    /** Scores from the pixel counts of the prediction, the truth and their intersection. */
    public static Overlap of(int intersection, int predicted, int truth, MetricMode mode) {
        int union = predicted + truth - intersection;
        if (mode == MetricMode.PAPER) {
            double dice = 2.0 * intersection / (predicted + truth + UCTRANSNET_SMOOTH);
            return new Overlap(dice, union == 0 ? 0.0 : (double) intersection / union);
        }
        if (union == 0) {
            return new Overlap(Double.NaN, Double.NaN);
        }
        return new Overlap(Dice.of(intersection, predicted, truth), (double) intersection / union);
    }
}
