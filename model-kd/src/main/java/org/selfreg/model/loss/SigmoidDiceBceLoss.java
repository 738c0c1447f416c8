package org.selfreg.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import org.selfreg.model.nd.LibtorchArrays;

/**
 * UCTransNet's binary loss {@code WeightedDiceBCE(dice_weight, BCE_weight)} (McGregorWwww/UCTransNet {@code utils.py},
 * trained with 0.5 / 0.5 in {@code train_model.py}) on one output channel through a sigmoid:
 * <ul>
 *   <li>BCE ({@code WeightedBCE(weights=[0.5, 0.5])}): torch's {@code binary_cross_entropy} per pixel (logarithms
 *       clamped at -100, and torch's backward: see {@link #weightedBce}), averaged separately over the foreground and the background pixels of the whole batch, each
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
    /** torch's {@code EPSILON} in {@code binary_cross_entropy_backward}. */
    private static final float GRADIENT_EPSILON = 1e-12f;
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

        NDArray bce = weightedBce(p, t);

        // Factors on the differentiable path live in libtorch's memory: autograd keeps them for the backward pass,
        // while mul(Number)'s Java-owned scalar is freed after the op (LibtorchArrays, GraphLifetimeTest).
        NDArray classWeight = LibtorchArrays.scalar(p.getManager(), CLASS_WEIGHT, p.getDataType());
        NDArray weightedP = p.mul(classWeight);
        NDArray weightedT = t.mul(classWeight);
        NDArray intersection = weightedP.mul(weightedT).sum(new int[] {1});
        NDArray union = weightedP.square().sum(new int[] {1}).add(weightedT.square().sum(new int[] {1}));
        NDArray twice = intersection.mul(LibtorchArrays.scalar(p.getManager(), 2, p.getDataType()));
        NDArray dice = twice.add(SMOOTH).div(union.add(SMOOTH)).neg().add(1).mean();

        return Terms.weighted(bce, dice, bceWeight, diceWeight);
    }

    /**
     * The class-balanced BCE with torch's value and torch's gradient. Its value is {@code binary_cross_entropy}'s, logs
     * clamped at -100; its gradient with respect to {@code p} is the one torch's backward computes,
     * {@code (p - t) / max(p (1 - p), 1e-12)}, not the derivative of the clamped logs: where the sigmoid saturates to
     * exactly 0 or 1 in float32 the latter is 0 / 0 and turned a training run into NaN (MoNuSeg, measured), while
     * torch's is finite and the sigmoid's backward, {@code p (1 - p) = 0}, then gives the logit no gradient, as in
     * PyTorch. The gradient reaches {@code p} through a term that is zero in value ({@code g p - stop(g p)}).
     */
    private static NDArray weightedBce(NDArray p, NDArray t) {
        NDArray constant = p.stopGradient();
        NDArray perPixel = t.mul(constant.log().maximum(LOG_FLOOR))
                .add(t.neg().add(1).mul(constant.neg().add(1).log().maximum(LOG_FLOOR))).neg();
        NDArray positive = t.gt(0.5).toType(p.getDataType(), false);
        NDArray negative = t.lt(0.5).toType(p.getDataType(), false);
        NDArray weights = positive.div(positive.sum().add(COUNT_EPSILON)).mul(CLASS_WEIGHT)
                .add(negative.div(negative.sum().add(COUNT_EPSILON)).mul(CLASS_WEIGHT));
        NDArray value = weights.mul(perPixel).sum();
        NDArray gradient = weights.mul(constant.sub(t))
                .div(constant.mul(constant.neg().add(1)).maximum(GRADIENT_EPSILON));
        NDArray carrier = gradient.mul(p).sum();
        return value.add(carrier.sub(carrier.stopGradient()));
    }
}
