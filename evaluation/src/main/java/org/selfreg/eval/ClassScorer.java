package org.selfreg.eval;

import java.util.function.Function;

/** Scores one class of one case under a {@link MetricMode}. */
public final class ClassScorer {

    private static final double[] VOXEL_UNITS = {1.0, 1.0, 1.0};

    private ClassScorer() {
    }

    /**
     * Metrics of class {@code classId} for a prediction against the ground truth.
     *
     * @param spacing voxel size along (z, y, x) in mm; ignored in {@link MetricMode#PAPER}
     */
    public static ClassMetrics score(int classId, BinaryMask prediction, BinaryMask truth, MetricMode mode,
                                     double[] spacing) {
        prediction.requireSameShape(truth);
        return score(classId, prediction.intersectionCount(truth), prediction.count(), truth.count(), mode,
                units -> SurfaceDistances.between(prediction, truth, units), spacing);
    }

    /**
     * Metrics from the voxel counts; {@code distances} (given the spacing in the mode's units) is only called when
     * both masks are non-empty.
     */
    static ClassMetrics score(int classId, int intersection, int predicted, int actual, MetricMode mode,
                              Function<double[], SurfaceDistances> distances, double[] spacing) {
        String organ = Organs.name(classId);
        if (predicted > 0 && actual > 0) {
            SurfaceDistances sd = distances.apply(mode == MetricMode.PAPER ? VOXEL_UNITS : spacing);
            return new ClassMetrics(classId, organ, Dice.of(intersection, predicted, actual), sd.hd95(),
                    Jaccard.of(intersection, predicted, actual), sd.assd(), sd.monaiHd95(), predicted, actual);
        }
        if (mode == MetricMode.PAPER) {
            // The reference scores a non-empty prediction of an absent class as perfect and an empty one as 0/0.
            double score = predicted > 0 ? 1.0 : 0.0;
            return new ClassMetrics(classId, organ, score, 0.0, score, 0.0, 0.0, predicted, actual);
        }
        double dice = actual > 0 ? 0.0 : Double.NaN;
        return new ClassMetrics(classId, organ, dice, Double.NaN, dice, Double.NaN, Double.NaN, predicted, actual);
    }
}
