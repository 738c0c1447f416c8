package org.selfreg.model;

import org.selfreg.dataprep.DatasetDescription;
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
 * @param baseLr      learning rate: the initial rate of the schedule
 * @param momentum    SGD momentum (unused by Adam and AdamW, which keep torch's default betas)
 * @param weightDecay L2 weight decay on all parameters (SGD, Adam) or decoupled decay (AdamW)
 * @param baseWidth   network width of the first level (64 = UNet_hd, 96 = Swin-UNet tiny's embedding)
 * @param classes     segmentation classes, background included
 * @param imageSize   side of the square network input; slices of another size are zoomed to it
 * @param seed        drives data order, augmentation, channel sampling and weight initialisation
 * @param ceWeight    weight of cross-entropy in the segmentation loss
 * @param diceWeight  weight of soft Dice in the segmentation loss
 * @param backbone    network name registered in {@link Backbones} ({@code unet})
 * @param optimizer   {@link #SGD} (Synapse recipe: momentum SGD), {@link #ADAM} (UCTransNet's recipe) or
 *                    {@link #ADAMW} (ACDC recipe)
 * @param pretrained  converted weights ({@code .npz}) loaded into the fresh network before training, as a local path
 *                    or an {@code s3://} URI that the caller downloads first; {@link #NO_PRETRAINED} for none
 * @param schedule    learning rate over the run: {@link #POLY}, {@link #CONSTANT} or {@link #COSINE_RESTARTS}; null
 *                    (and a sidecar written before schedules were selectable) means the optimizer's
 *                    {@link #defaultSchedule}
 * @param restartEpochs epochs of each cosine cycle ({@code T_0}); {@link #COSINE_RESTARTS} only, otherwise 0
 * @param minLr       the rate the cosine approaches at the end of a cycle ({@code eta_min}); {@link #COSINE_RESTARTS}
 *                    only, otherwise 0
 * @param patience    early stopping: training ends after the first epoch that is more than {@code patience} epochs
 *                    past the best validation Dice ({@link EarlyStopping}); 0 (the default, and a sidecar written
 *                    before it existed) trains every epoch
 * @param channels    input channels of the images (1 for CT/MR, 3 for RGB); 0 in a sidecar written before it existed
 *                    reads as 1. Like {@code classes}, it follows from the dataset ({@link #forDataset})
 * @param head        {@link #SOFTMAX}: one output per class, cross-entropy and Dice over the classes, argmax;
 *                    {@link #SIGMOID}: two classes as one output channel, UCTransNet's weighted BCE and Dice, and
 *                    foreground where the sigmoid exceeds 0.5. Null (and a sidecar written before it existed) is
 *                    {@link #SOFTMAX}; the dataset decides it ({@link #forDataset})
 */
public record TrainConfig(double lambdaIntra, double lambdaInter, int epochs, int batchSize, double baseLr,
                          double momentum, double weightDecay, int baseWidth, int classes, int imageSize, long seed,
                          double ceWeight, double diceWeight, String backbone, String optimizer, String pretrained,
                          String schedule, int restartEpochs, double minLr, int patience, int channels,
                          String head) {

    /** PyTorch-semantics SGD with the poly learning rate. */
    public static final String SGD = "sgd";
    /** PyTorch-semantics Adam (L2 weight decay) with a constant learning rate. */
    public static final String ADAM = "adam";
    /** PyTorch-semantics AdamW with a constant learning rate. */
    public static final String ADAMW = "adamw";
    /** The reference poly rate {@code baseLr * (1 - it / max)^0.9}, set after every iteration. */
    public static final String POLY = "poly";
    /** {@link #baseLr} throughout. */
    public static final String CONSTANT = "constant";
    /** Cosine annealing with warm restarts every {@link #restartEpochs}, stepped after every epoch (UCTransNet). */
    public static final String COSINE_RESTARTS = "cosine-restarts";
    /** A softmax over the classes ({@link #head}). */
    public static final String SOFTMAX = "softmax";
    /** One sigmoid channel for two classes ({@link #head}). */
    public static final String SIGMOID = "sigmoid";
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

    /** A run on single-channel images with a softmax head. */
    public TrainConfig(double lambdaIntra, double lambdaInter, int epochs, int batchSize, double baseLr,
                       double momentum, double weightDecay, int baseWidth, int classes, int imageSize, long seed,
                       double ceWeight, double diceWeight, String backbone, String optimizer, String pretrained,
                       String schedule, int restartEpochs, double minLr, int patience) {
        this(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth, classes, imageSize,
                seed, ceWeight, diceWeight, backbone, optimizer, pretrained, schedule, restartEpochs, minLr, patience,
                1, SOFTMAX);
    }

    /** A run that trains every epoch. */
    public TrainConfig(double lambdaIntra, double lambdaInter, int epochs, int batchSize, double baseLr,
                       double momentum, double weightDecay, int baseWidth, int classes, int imageSize, long seed,
                       double ceWeight, double diceWeight, String backbone, String optimizer, String pretrained,
                       String schedule, int restartEpochs, double minLr) {
        this(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth, classes, imageSize,
                seed, ceWeight, diceWeight, backbone, optimizer, pretrained, schedule, restartEpochs, minLr, 0);
    }

    /** A run with its optimizer's {@link #defaultSchedule}. */
    public TrainConfig(double lambdaIntra, double lambdaInter, int epochs, int batchSize, double baseLr,
                       double momentum, double weightDecay, int baseWidth, int classes, int imageSize, long seed,
                       double ceWeight, double diceWeight, String backbone, String optimizer, String pretrained) {
        this(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth, classes, imageSize,
                seed, ceWeight, diceWeight, backbone, optimizer, pretrained, null, 0, 0);
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
        require(SGD.equals(optimizer) || ADAM.equals(optimizer) || ADAMW.equals(optimizer), "optimizer", optimizer,
                "'" + SGD + "', '" + ADAM + "' or '" + ADAMW + "'");
        schedule = schedule == null ? defaultSchedule(optimizer) : schedule.toLowerCase(Locale.ROOT);
        require(POLY.equals(schedule) || CONSTANT.equals(schedule) || COSINE_RESTARTS.equals(schedule), "schedule",
                schedule, "'" + POLY + "', '" + CONSTANT + "' or '" + COSINE_RESTARTS + "'");
        requireScheduleFields(schedule, restartEpochs, minLr, baseLr);
        require(patience >= 0, "patience", patience, ">= 0 (0 trains every epoch)");
        require(backbone != null && Backbones.names().contains(backbone), "backbone", backbone,
                "one of " + Backbones.names());
        BackboneFactory network = Backbones.factory(backbone);
        require(network.acceptsImageSize(imageSize), "imageSize", imageSize,
                network.imageSizeRule() + " for backbone " + backbone);
        require(network.acceptsBaseWidth(baseWidth), "baseWidth", baseWidth,
                network.baseWidthRule() + " for backbone " + backbone);
        pretrained = pretrained == null ? NO_PRETRAINED : pretrained.strip();
        channels = channels == 0 ? 1 : channels;
        require(channels == 1 || channels == 3, "channels", channels, "1 or 3");
        head = head == null ? SOFTMAX : head.toLowerCase(Locale.ROOT);
        require(SOFTMAX.equals(head) || SIGMOID.equals(head), "head", head, "'" + SOFTMAX + "' or '" + SIGMOID + "'");
        require(SOFTMAX.equals(head) || classes == 2, "classes", classes, "2 for head '" + SIGMOID + "'");
    }

    /**
     * This run on a dataset: its classes, its images' channels and, for a binary 2-D dataset, the sigmoid head
     * ({@link DatasetDescription#sigmoidHead()}). Everything else stays.
     */
    public TrainConfig forDataset(DatasetDescription dataset) {
        return new TrainConfig(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth,
                dataset.classes(), imageSize, seed, ceWeight, diceWeight, backbone, optimizer, pretrained, schedule,
                restartEpochs, minLr, patience, dataset.channels(), dataset.sigmoidHead() ? SIGMOID : SOFTMAX);
    }

    /** Channels of the network's output: one for the sigmoid head, one per class for the softmax. */
    public int outputChannels() {
        return SIGMOID.equals(head) ? 1 : classes;
    }

    /** The same run initialised from other weights (e.g. the worker's local copy of an {@code s3://} file). */
    public TrainConfig withPretrained(String weights) {
        return new TrainConfig(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth,
                classes, imageSize, seed, ceWeight, diceWeight, backbone, optimizer, weights, schedule, restartEpochs,
                minLr, patience, channels, head);
    }

    /**
     * The same run with another optimizer. A different optimizer brings its {@link #defaultSchedule}: a schedule
     * belongs to its optimizer's recipe (the ACDC recipe's AdamW keeps its rate where the Synapse SGD falls). The
     * patience stays.
     */
    public TrainConfig withOptimizer(String name) {
        if (name.toLowerCase(Locale.ROOT).equals(optimizer)) {
            return this;
        }
        return new TrainConfig(lambdaIntra, lambdaInter, epochs, batchSize, baseLr, momentum, weightDecay, baseWidth,
                classes, imageSize, seed, ceWeight, diceWeight, backbone, name, pretrained, null, 0, 0, patience, channels,
                head);
    }

    /**
     * The schedule of a configuration that names none, each optimizer's rate before schedules were selectable: SGD
     * the reference poly rate, Adam and AdamW a constant rate.
     */
    public static String defaultSchedule(String optimizer) {
        return SGD.equals(optimizer) ? POLY : CONSTANT;
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

    /** The UNet this configuration describes; meaningful for the {@code unet} backbone. */
    public UNetConfig unetConfig() {
        return new UNetConfig(channels, outputChannels(), baseWidth);
    }

    /** The cosine's cycle and floor must be given for it, and only for it, so one run has one description. */
    private static void requireScheduleFields(String schedule, int restartEpochs, double minLr, double baseLr) {
        if (COSINE_RESTARTS.equals(schedule)) {
            require(restartEpochs >= 1, "restartEpochs", restartEpochs, ">= 1 for schedule '" + schedule + "'");
            require(Double.isFinite(minLr) && minLr >= 0 && minLr <= baseLr, "minLr", minLr,
                    "in [0, baseLr = " + baseLr + "] for schedule '" + schedule + "'");
        } else {
            require(restartEpochs == 0, "restartEpochs", restartEpochs,
                    "0 (only '" + COSINE_RESTARTS + "' uses it) for schedule '" + schedule + "'");
            require(minLr == 0, "minLr", minLr, "0 (only '" + COSINE_RESTARTS + "' uses it) for schedule '" + schedule
                    + "'");
        }
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
