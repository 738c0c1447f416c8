package org.selfreg.model;

import org.selfreg.model.unet.UNetConfig;

/**
 * Hyper-parameters of one training run; validated on construction so a bad sweep value fails before any work.
 *
 * @param lambdaIntra weight of the IFD ({@code intra_fd}) term, 0 disables it
 * @param lambdaInter weight of the SCR ({@code inter_fd}) term, 0 disables it
 * @param epochs      passes over the training slices
 * @param batchSize   slices per iteration (the last batch of an epoch may be smaller)
 * @param baseLr      initial learning rate of the poly schedule
 * @param momentum    SGD momentum
 * @param weightDecay L2 weight decay on all parameters
 * @param baseWidth   UNet width of the first level (64 = UNet_hd)
 * @param classes     segmentation classes, background included
 * @param imageSize   side of the square network input; slices of another size are zoomed to it
 * @param seed        drives data order, augmentation, channel sampling and weight initialisation
 * @param ceWeight    weight of cross-entropy in the segmentation loss
 * @param diceWeight  weight of soft Dice in the segmentation loss
 */
public record TrainConfig(double lambdaIntra, double lambdaInter, int epochs, int batchSize, double baseLr,
                          double momentum, double weightDecay, int baseWidth, int classes, int imageSize, long seed,
                          double ceWeight, double diceWeight) {

    /** The reference Synapse UNet recipe ({@code train_unetKD.py}, {@code trainer_unet.py}). */
    public static TrainConfig defaults() {
        return new TrainConfig(0.015, 0.015, 150, 24, 0.01, 0.9, 1e-4, 64, 9, 224, 1234, 0.4, 0.6);
    }

    /** Checks every field; the message names the field, the value and the accepted range. */
    public TrainConfig {
        requireNonNegative("lambdaIntra", lambdaIntra);
        requireNonNegative("lambdaInter", lambdaInter);
        requireNonNegative("weightDecay", weightDecay);
        requireNonNegative("ceWeight", ceWeight);
        requireNonNegative("diceWeight", diceWeight);
        require(ceWeight + diceWeight > 0, "ceWeight + diceWeight", ceWeight + diceWeight, "> 0");
        require(epochs >= 1, "epochs", epochs, ">= 1");
        require(batchSize >= 1, "batchSize", batchSize, ">= 1");
        require(Double.isFinite(baseLr) && baseLr > 0, "baseLr", baseLr, "a finite number > 0");
        require(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1)");
        require(baseWidth >= 2 && baseWidth % 2 == 0, "baseWidth", baseWidth, "an even number >= 2");
        require(classes >= 2 && classes <= Byte.MAX_VALUE, "classes", classes, "in [2, 127]");
        require(imageSize >= 16 && imageSize % 16 == 0, "imageSize", imageSize, "a multiple of 16 (four 2x2 poolings)");
    }

    /** The network this configuration trains (one input channel). */
    public UNetConfig unetConfig() {
        return new UNetConfig(1, classes, baseWidth);
    }

    private static void requireNonNegative(String name, double value) {
        require(Double.isFinite(value) && value >= 0, name, value, "a finite number >= 0");
    }

    private static void require(boolean ok, String name, Object value, String accepted) {
        if (!ok) {
            throw new IllegalArgumentException("TrainConfig." + name + " must be " + accepted + ", got " + value);
        }
    }
}
