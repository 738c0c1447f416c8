package org.selfreg.model;

/**
 * How validation scores one class in one volume, the score by which training keeps its best checkpoint.
 */
public enum ValidationDice {

    /**
     * The default, and the rule evaluation's corrected metrics report: a class absent from the volume's ground truth
     * is not scored there (left out of the means, whatever was predicted); where it is present, a prediction that
     * misses it entirely scores 0.
     */
    CORRECTED,

    /**
     * The reference's {@code calculate_metric_percase} (SelfReg-UNet and TransUNet, {@code utils.py}): an empty
     * prediction scores 0, and a prediction of a class absent from the ground truth scores 1, so a network that
     * predicts organs where there are none gains. Kept to reproduce the paper's selection ({@code metricMode: paper}).
     */
    PAPER;

    /**
     * Dice of one class from its voxel counts, or NaN when the rule does not score it.
     *
     * @param both         voxels of the class in prediction and ground truth
     * @param inPrediction voxels of the class in the prediction
     * @param inTruth      voxels of the class in the ground truth
     */
    double score(long both, long inPrediction, long inTruth) {
        if (this == CORRECTED) {
            return inTruth == 0 ? Double.NaN : 2.0 * both / (inPrediction + inTruth);
        }
        if (inPrediction == 0) {
            return 0;
        }
        return inTruth == 0 ? 1 : 2.0 * both / (inPrediction + inTruth);
    }
}
