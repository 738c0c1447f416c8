package org.selfreg.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * UCTransNet's binary loss {@code WeightedDiceBCE(dice_weight, BCE_weight)} (McGregorWwww/UCTransNet {@code utils.py},
 * trained with 0.5 / 0.5 in {@code train_model.py}) on one output channel through a sigmoid:
 * <ul>
 *   <li>BCE ({@code WeightedBCE(weights=[0.5, 0.5])}): torch's {@code binary_cross_entropy} per pixel (logarithms
 *       clamped at -100), averaged separately over the foreground and the background pixels of the whole batch, each
 *       mean weighted 0.5 (the counts get 1e-12 and carry no gradient, as {@code .item()} makes them);</li>
 *   <li>Dice ({@code WeightedDiceLoss(weights=[0.5, 0.5])}): per image, {@code 1 - (2 sum(p t) + 1e-5) /
 *       (sum(p^2) + sum(t^2) + 1e-5)} with {@code p} and {@code t} both scaled by the weight 0.5 first (which scales
 *       the sums by 0.25 but not the smoothing), then the mean over the batch.</li>
 * </ul>
 */
public final class SigmoidDiceBceLoss implements SegmentationObjective {

    /** Floats: a double operand would promote the float32 losses to float64. */
    private static final float SMOOTH = 1e-5f;
    private static final float COUNT_EPSILON = 1e-12f;
    private static final float LOG_FLOOR = -100f;
    private static final float CLASS_WEIGHT = 0.5f;

    private final double bceWeight;
    private final double diceWeight;

    /** UCTransNet trains with 0.5 / 0.5. */
    public SigmoidDiceBceLoss(double bceWeight, double diceWeight) {
        this.bceWeight = bceWeight;
        this.diceWeight = diceWeight;
    }

    /**
     * @param logits {@code (B, 1, H, W)} foreground scores before the sigmoid
     * @param labels {@code (B, H, W)} int64 class ids 0 or 1
     */
    @Override
    public Terms compute(NDArray logits, NDArray labels) {
        if (logits.getShape().get(1) != 1) {
            throw new IllegalArgumentException("a sigmoid head has one output channel, got logits "
                    + logits.getShape());
        }
        long batch = logits.getShape().get(0);
        NDArray p = Activation.sigmoid(logits).reshape(batch, -1);
        NDArray t = labels.toType(logits.getDataType(), false).reshape(batch, -1);

        NDArray perPixel = t.mul(p.log().maximum(LOG_FLOOR))
                .add(t.neg().add(1).mul(p.neg().add(1).log().maximum(LOG_FLOOR))).neg();
        NDArray positive = t.gt(0.5).toType(logits.getDataType(), false);
        NDArray negative = t.lt(0.5).toType(logits.getDataType(), false);
        NDArray positiveCount = positive.sum().add(COUNT_EPSILON);
        NDArray negativeCount = negative.sum().add(COUNT_EPSILON);
        NDArray bce = positive.mul(perPixel).sum().div(positiveCount).mul(CLASS_WEIGHT)
                .add(negative.mul(perPixel).sum().div(negativeCount).mul(CLASS_WEIGHT));

        NDArray weightedP = p.mul(CLASS_WEIGHT);
        NDArray weightedT = t.mul(CLASS_WEIGHT);
        NDArray intersection = weightedP.mul(weightedT).sum(new int[] {1});
        NDArray union = weightedP.square().sum(new int[] {1}).add(weightedT.square().sum(new int[] {1}));
        NDArray dice = intersection.mul(2).add(SMOOTH).div(union.add(SMOOTH)).neg().add(1).mean();

        return Terms.weighted(bce, dice, bceWeight, diceWeight);
    }
}
