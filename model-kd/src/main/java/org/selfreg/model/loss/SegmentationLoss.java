package org.selfreg.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.selfreg.model.nd.LibtorchArrays;

/**
 * {@code w_ce * CE + w_dice * Dice} as in the reference trainer: CE is {@code nn.CrossEntropyLoss()} (mean over all
 * pixels), Dice is TransUNet's {@code DiceLoss} (softmax, every class including background, sums over the whole
 * batch, smooth 1e-5, mean over classes).
 */
public final class SegmentationLoss implements SegmentationObjective {

    /** A float: a double operand would promote the 0-dim float32 losses to float64. */
    private static final float SMOOTH = 1e-5f;

    private final double ceWeight;
    private final double diceWeight;

    /** Synapse uses 0.4 / 0.6, ACDC 0.3 / 0.7. */
    public SegmentationLoss(double ceWeight, double diceWeight) {
        this.ceWeight = ceWeight;
        this.diceWeight = diceWeight;
    }

    /**
     * @param logits {@code (B, C, H, W)} class scores
     * @param labels {@code (B, H, W)} int64 class ids in {@code 0..C-1}
     */
    @Override
    public Terms compute(NDArray logits, NDArray labels) {
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot = labels.oneHot(classes, DataType.FLOAT32).transpose(0, 3, 1, 2);
        long pixels = labels.getShape().size();
        NDManager manager = logits.getManager();
        NDArray ce = logits.logSoftmax(1).mul(oneHot).sum().div(LibtorchArrays.scalar(manager, -pixels));
        NDArray probabilities = logits.softmax(1);
        NDArray intersect = probabilities.mul(oneHot).sum(new int[] {0, 2, 3});
        NDArray predictedSum = probabilities.square().sum(new int[] {0, 2, 3});
        NDArray targetSum = oneHot.square().sum(new int[] {0, 2, 3});
        NDArray perClass = intersect.mul(LibtorchArrays.scalar(manager, 2L)).add(SMOOTH)
                .div(predictedSum.add(targetSum).add(SMOOTH)).neg().add(1);
        NDArray dice = perClass.sum().div(LibtorchArrays.scalar(manager, (long) classes));
        return Terms.weighted(ce, dice, ceWeight, diceWeight);
    }
}
