package org.selfreg.eval;

/**
 * Metrics of one class in one case. Distances are in voxel units ({@link MetricMode#PAPER}) or millimetres
 * ({@link MetricMode#CORRECTED}); NaN marks a metric that is undefined for the case.
 *
 * @param predictedVoxels voxels of the class in the prediction
 * @param truthVoxels     voxels of the class in the ground truth
 */
public record ClassMetrics(int classId, String organ, double dice, double hd95, double jaccard, double assd,
                           double monaiHd95, int predictedVoxels, int truthVoxels) {

    /** True when the class is absent from the ground truth. */
    public boolean absentInTruth() {
        return truthVoxels == 0;
    }

    /** True when the class is in the ground truth but the prediction has none of it. */
    public boolean missed() {
        return truthVoxels > 0 && predictedVoxels == 0;
    }
}
