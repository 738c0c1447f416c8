package org.selfreg.eval;

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
        int predicted = prediction.count();
        int actual = truth.count();
        String organ = Organs.name(classId);
        if (predicted > 0 && actual > 0) {
            SurfaceDistances sd = SurfaceDistances.between(prediction, truth,
                    mode == MetricMode.PAPER ? VOXEL_UNITS : spacing);
            return new ClassMetrics(classId, organ, Dice.of(prediction, truth), sd.hd95(),
                    Jaccard.of(prediction, truth), sd.assd(), sd.monaiHd95(), predicted, actual);
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
