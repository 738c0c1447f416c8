package org.selfreg.model;

/**
 * Averages over the iterations of one epoch, and the validation score after it.
 *
 * @param epoch           0-based epoch index
 * @param loss            total loss (segmentation + weighted self-distillation)
 * @param segLoss         {@code w_ce * CE + w_dice * Dice}
 * @param kdIntra         unweighted IFD term (0 when its lambda is 0: not computed)
 * @param kdInter         unweighted SCR term (0 when its lambda is 0: not computed)
 * @param learningRate    rate used by the epoch's last step
 * @param imagesPerSecond training slices processed per wall-clock second (augmentation included)
 * @param valDice         mean foreground Dice on the validation volumes (see {@link Validation}); NaN without a
 *                        validation split
 */
public record EpochMetrics(int epoch, double loss, double segLoss, double kdIntra, double kdInter,
                           double learningRate, double imagesPerSecond, double valDice) {
}
