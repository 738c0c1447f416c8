package org.selfreg.eval;

/**
 * How {@link Evaluator} scores and exports.
 *
 * @param mode              metric units and empty-mask rules; the paper rule is the dataset's protocol's
 * @param paperGeometry     export NIfTI files with the reference's geometry (what SimpleITK writes for spacing
 *                          (1, 1, zSpacing), identity direction, origin 0) instead of the source CT's affine
 * @param zSpacing          the reference's {@code z_spacing} used with {@code paperGeometry} (1 for Synapse)
 * @param exportPredictions write {@code predictions/}: {@code <case>_{img,pred,gt}.nii.gz} for volumes,
 *                          {@code <case>_{pred,overlay}.png} for 2-D images
 * @param batchSize         slices per model call
 */
public record EvaluationOptions(MetricMode mode, boolean paperGeometry, double zSpacing, boolean exportPredictions,
                                int batchSize) {

    public EvaluationOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (!(zSpacing > 0)) {
            throw new IllegalArgumentException("z spacing must be positive, got " + zSpacing);
        }
    }

    /** Corrected metrics, source geometry, prediction export on, 16 slices per batch. */
    public static EvaluationOptions defaults() {
        return new EvaluationOptions(MetricMode.CORRECTED, false, 1.0, true, 16);
    }

    /** The reference's protocol: paper metrics and paper geometry with z spacing 1. */
    public static EvaluationOptions paper() {
        return new EvaluationOptions(MetricMode.PAPER, true, 1.0, true, 16);
    }
}
