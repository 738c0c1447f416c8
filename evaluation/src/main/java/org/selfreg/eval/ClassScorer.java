package org.selfreg.eval;

import java.util.function.Function;

/**
 * Scores one class of one volume under a {@link MetricMode}: medpy's {@code dc}, {@code hd95}, {@code jc} and
 * {@code assd}.
 *
 * <p>The paper rule is shared by two protocols. TransUNet's {@code utils.calculate_metric_percase}
 * (Beckschen/TransUNet) returns (Dice, HD95): a prediction of a class absent from the ground truth scores (1, 0) and an
 * empty prediction (0, 0). The SelfReg repository's ACDC {@code src/train_acdc/utils.py} (after CASCADE's) returns
 * (Dice, HD95, Jaccard, ASSD) with the same edges, (1, 0, 1, 0) and zeros, also without {@code voxelspacing}. This
 * scorer computes all four, so one rule serves both; the protocols differ in what the reports headline.
 */
public final class ClassScorer {

    private static final double[] VOXEL_UNITS = {1.0, 1.0, 1.0};

    private ClassScorer() {
    }

    /**
     * Metrics of class {@code classId} for a prediction against the ground truth.
     *
     * @param spacing voxel size along (z, y, x) in mm; ignored in {@link MetricMode#PAPER}
     */
    public static ClassMetrics score(int classId, String className, BinaryMask prediction, BinaryMask truth,
                                     MetricMode mode, double[] spacing) {
        prediction.requireSameShape(truth);
        return score(classId, className, prediction.intersectionCount(truth), prediction.count(), truth.count(), mode,
                units -> SurfaceDistances.between(prediction, truth, units), spacing);
    }

    /**
     * Metrics from the voxel counts; {@code distances} (given the spacing in the mode's units) is only called when
     * both masks are non-empty.
     */
    static ClassMetrics score(int classId, String className, int intersection, int predicted, int actual,
                              MetricMode mode, Function<double[], SurfaceDistances> distances, double[] spacing) {
        if (predicted > 0 && actual > 0) {
            SurfaceDistances sd = distances.apply(mode == MetricMode.PAPER ? VOXEL_UNITS : spacing);
            return new ClassMetrics(classId, className, Dice.of(intersection, predicted, actual), sd.hd95(),
                    Jaccard.of(intersection, predicted, actual), sd.assd(), sd.monaiHd95(), predicted, actual);
        }
        if (mode == MetricMode.PAPER) {
            // The reference scores a non-empty prediction of an absent class as perfect and an empty one as 0/0.
            double score = predicted > 0 ? 1.0 : 0.0;
            return new ClassMetrics(classId, className, score, 0.0, score, 0.0, 0.0, predicted, actual);
        }
        double dice = actual > 0 ? 0.0 : Double.NaN;
        return new ClassMetrics(classId, className, dice, Double.NaN, dice, Double.NaN, Double.NaN, predicted, actual);
    }
}
