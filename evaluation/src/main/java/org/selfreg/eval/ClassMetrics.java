package org.selfreg.eval;

/**
 * Metrics of one class in one case. Distances are in voxel units ({@link MetricMode#PAPER}) or millimetres
 * ({@link MetricMode#CORRECTED}); NaN marks a metric that is undefined for the case or not part of the dataset's
 * protocol (distances under UCTransNet's).
 *
 * @param className       the class's name from the dataset's description
 * @param predictedVoxels voxels of the class in the prediction
 * @param truthVoxels     voxels of the class in the ground truth
 * @param diceNative      Dice at the image's native resolution (2-D images with a native mask), else NaN; not
 *                        comparable with published numbers, which are at the network's size
 * @param jaccardNative   Jaccard (IoU) at the native resolution, else NaN
 */
public record ClassMetrics(int classId, String className, double dice, double hd95, double jaccard, double assd,
                           double monaiHd95, int predictedVoxels, int truthVoxels, double diceNative,
                           double jaccardNative) {

    /** Metrics at the network's size only. */
    public ClassMetrics(int classId, String className, double dice, double hd95, double jaccard, double assd,
                        double monaiHd95, int predictedVoxels, int truthVoxels) {
        this(classId, className, dice, hd95, jaccard, assd, monaiHd95, predictedVoxels, truthVoxels, Double.NaN,
                Double.NaN);
    }

    /** The same metrics with the scores at native resolution added. */
    public ClassMetrics withNative(Overlap atNative) {
        return new ClassMetrics(classId, className, dice, hd95, jaccard, assd, monaiHd95, predictedVoxels,
                truthVoxels, atNative.dice(), atNative.jaccard());
    }

    /** True when the class is absent from the ground truth. */
    public boolean absentInTruth() {
        return truthVoxels == 0;
    }

    /** True when the class is in the ground truth but the prediction has none of it. */
    public boolean missed() {
        return truthVoxels > 0 && predictedVoxels == 0;
    }
}
