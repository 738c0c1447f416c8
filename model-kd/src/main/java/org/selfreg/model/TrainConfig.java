package org.selfreg.model;

import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.unet.UNetConfig;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Hyper-parameters of one training run; validated on construction so a bad sweep value fails before any work.
 *
 * @param lambdaIntra weight of the IFD ({@code intra_fd}) term, 0 disables it
 * @param lambdaInter weight of the SCR ({@code inter_fd}) term, 0 disables it
 * @param epochs      passes over the training slices
 * @param batchSize   slices per iteration (the last batch of an epoch may be smaller)
 * @param baseLr      learning rate: initial rate of the poly schedule (SGD) or the constant rate (AdamW)
 * @param momentum    SGD momentum (unused by AdamW, which keeps torch's default betas)
 * @param weightDecay L2 weight decay on all parameters (SGD) or decoupled decay (AdamW)
 * @param baseWidth   network width of the first level (64 = UNet_hd, 96 = Swin-UNet tiny's embedding)
 * @param classes     segmentation classes, background included
 * @param imageSize   side of the square network input; slices of another size are zoomed to it
 * @param seed        drives data order, augmentation, channel sampling and weight initialisation
 * @param ceWeight    weight of cross-entropy in the segmentation loss
 * @param diceWeight  weight of soft Dice in the segmentation loss
 * @param backbone    network name registered in {@link Backbones} ({@code unet})
 * @param optimizer   {@link #SGD} (Synapse recipe: momentum SGD, poly rate) or {@link #ADAMW} (ACDC recipe: AdamW,
 *                    constant rate)
 * @param pretrained  converted weights ({@code .npz}) loaded into the fresh network before training, as a local path
 *                    or an {@code s3://} URI that the caller downloads first; {@link #NO_PRETRAINED} for none
 */
public record TrainConfig(double lambdaIntra, double lambdaInter, int epochs, int batchSize, double baseLr,
                          double momentum, double weightDecay, int baseWidth, int classes, int imageSize, long seed,
                          double ceWeight, double diceWeight, String backbone, String optimizer, String pretrained) {

    /** PyTorch-semantics SGD with the poly learning rate. */
    public static final String SGD = "sgd";
    /** PyTorch-semantics AdamW with a constant learning rate. */
    public static final String ADAMW = "adamw";
    /** {@link #pretrained} of a network trained from its random initialisation. */
    public static final String NO_PRETRAINED = "";
    private static final String S3_SCHEME = "s3://";

    /** The reference Synapse UNet recipe ({@code train_unetKD.py}, {@code trainer_unet.py}). */
    public static TrainConfig defaults() {
        return new TrainConfig(0.015, 0.015, 150, 24, 0.01, 0.9, 1e-4, 64, 9, 224, 1234, 0.4, 0.6);
    }

    /** The reference ACDC UNet recipe ({@code train_acdc/train_unetKD.py}): AdamW 1e-4, 0.3 CE + 0.7 Dice. */
    public static TrainConfig acdcDefaults() {
        return new TrainConfig(0.1, 0.1, 400, 12, 1e-4, 0.9, 1e-4, 64, 4, 224, 2222, 0.3, 0.7, Backbones.UNET, ADAMW);
    }

    /** A UNet trained with SGD, the configuration every run had before backbones and optimizers were selectable. */
    public TrainConfig(double lambdaIntra, double lambdaInter, int epochs, int batchSize, double baseLr,
                       double momentum, double weightDecay, int baseWidth, int classes, int imageSize, long seed,
                       double ceWeight, double diceWeight) {
        this(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth, classes, imageSize,
                seed, ceWeight, diceWeight, Backbones.UNET, SGD);
    }

    /** A run trained from its random initialisation. */
    public TrainConfig(double lambdaIntra, double lambdaInter, int epochs, int batchSize, double baseLr,
                       double momentum, double weightDecay, int baseWidth, int classes, int imageSize, long seed,
                       double ceWeight, double diceWeight, String backbone, String optimizer) {
        this(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth, classes, imageSize,
                seed, ceWeight, diceWeight, backbone, optimizer, NO_PRETRAINED);
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
        optimizer = optimizer == null ? null : optimizer.toLowerCase(Locale.ROOT);
        require(SGD.equals(optimizer) || ADAMW.equals(optimizer), "optimizer", optimizer,
                "'" + SGD + "' or '" + ADAMW + "'");
        require(backbone != null && Backbones.names().contains(backbone), "backbone", backbone,
                "one of " + Backbones.names());
        BackboneFactory network = Backbones.factory(backbone);
        require(network.acceptsImageSize(imageSize), "imageSize", imageSize,
                network.imageSizeRule() + " for backbone " + backbone);
        require(network.acceptsBaseWidth(baseWidth), "baseWidth", baseWidth,
                network.baseWidthRule() + " for backbone " + backbone);
        pretrained = pretrained == null ? NO_PRETRAINED : pretrained.strip();
    }

    /** The same run initialised from other weights (e.g. the worker's local copy of an {@code s3://} file). */
    public TrainConfig withPretrained(String weights) {
        return new TrainConfig(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth,
                classes, imageSize, seed, ceWeight, diceWeight, backbone, optimizer, weights);
    }

    /** Whether {@link #pretrained} names an object store URI rather than a local file. */
    public boolean pretrainedIsRemote() {
        return isObjectStoreUri(pretrained);
    }

    /** Whether a weights reference is an {@code s3://} URI, which must be downloaded before training. */
    public static boolean isObjectStoreUri(String reference) {
        return reference.startsWith(S3_SCHEME);
    }

    /**
     * The local pretrained weights, empty for a run from random initialisation.
     *
     * @throws InvalidInputException if {@link #pretrained} is still an {@code s3://} URI
     */
    public Optional<Path> pretrainedFile() {
        if (pretrained.isEmpty()) {
            return Optional.empty();
        }
        if (pretrainedIsRemote()) {
            throw new InvalidInputException("pretrained weights " + pretrained + " are in the object store; download"
                    + " them and pass the local path (the training worker does this)");
        }
        return Optional.of(Path.of(pretrained));
    }

    /** The UNet this configuration describes (one input channel); meaningful for the {@code unet} backbone. */
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
