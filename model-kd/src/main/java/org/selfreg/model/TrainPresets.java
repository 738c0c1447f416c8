package org.selfreg.model;

import org.selfreg.model.swin.SwinPresets;
import org.selfreg.model.uctransnet.UCTransNetBackboneFactory;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Named training recipes of the reference, as complete configurations a sweep selects by name and then overrides
 * key by key.
 */
public final class TrainPresets {

    /** The Synapse UNet recipe, {@link TrainConfig#defaults()}. */
    public static final String UNET_SYNAPSE = "unet-synapse";
    /**
     * The ACDC UNet recipe, {@link TrainConfig#acdcDefaults()}, from SelfReg-UNet
     * {@code src/train_acdc/train_unetKD.py}:
     * AdamW (decoupled decay) lr 1e-4 and weight decay 1e-4 with the default betas, a constant rate (its poly schedule
     * is commented out, "We did not use this"), batch 12, 400 epochs, seed 2222, loss 0.3 CE + 0.7 Dice, and the KD
     * weight's default 0.1 for both terms; 4 classes (background, RV, myocardium, LV of {@code dataset_ACDC.py}) at
     * the 224 input its {@code RandomGenerator} zooms to; UNet_hd's width 64 as for Synapse. Momentum is unused by
     * AdamW. Its selection by validation Dice is the sweep's {@code evaluation.selection}; the seed's 0.85 threshold
     * and its binary-foreground Dice on validation slices are not part of the preset.
     */
    public static final String UNET_ACDC = "unet-acdc";
    /** The project's UCTransNet recipe for Synapse, {@link #uctransnetSynapse()}. */
    public static final String UCTRANSNET_SYNAPSE = "uctransnet-synapse";
    /** UNet_hd on GlaS with UCTransNet's 2-D training recipe, {@link #histology(String)}. */
    public static final String UNET_GLAS = "unet-glas";
    /** UNet_hd on MoNuSeg with UCTransNet's 2-D training recipe. */
    public static final String UNET_MONUSEG = "unet-monuseg";
    /** UCTransNet on GlaS with its own recipe. */
    public static final String UCTRANSNET_GLAS = "uctransnet-glas";
    /** UCTransNet on MoNuSeg with its own recipe. */
    public static final String UCTRANSNET_MONUSEG = "uctransnet-monuseg";

    private static final Map<String, Supplier<TrainConfig>> PRESETS = Map.of(
            UNET_SYNAPSE, TrainConfig::defaults,
            UNET_ACDC, TrainConfig::acdcDefaults,
            UCTRANSNET_SYNAPSE, TrainPresets::uctransnetSynapse,
            UNET_GLAS, () -> histology(Backbones.UNET),
            UNET_MONUSEG, () -> histology(Backbones.UNET),
            UCTRANSNET_GLAS, () -> histology(UCTransNetBackboneFactory.NAME),
            UCTRANSNET_MONUSEG, () -> histology(UCTransNetBackboneFactory.NAME),
            SwinPresets.SYNAPSE_README, SwinPresets::synapseReadme);

    /**
     * A network on GlaS or MoNuSeg (both recipes are the same): UCTransNet's 2-D recipe, under which the paper's GlaS
     * and MoNuSeg baselines were trained (McGregorWwww/UCTransNet {@code Config.py}, {@code train_model.py}): Adam lr
     * 1e-3 without weight decay, batch 4, cosine warm restarts T_0 = 10, eta_min = 1e-4 stepped per epoch, up to
     * 2000 epochs with early stopping after 50 without a better validation Dice, seed 666, 224 x 224; its binary head
     * (3 RGB channels in, one sigmoid channel out) and loss 0.5 BCE + 0.5 Dice ({@code WeightedDiceBCE(0.5, 0.5)}).
     * Lambda 0.015 for both SelfReg terms is the paper's GlaS and MoNuSeg setting. Width 64 is the original network's
     * (UNet_hd's for {@code unet}). Momentum is unused by Adam. Classes, channels and head follow from the dataset in
     * a sweep; they are stated here so that the preset describes a whole run.
     */
    public static TrainConfig histology(String backbone) {
        TrainConfig synapse = TrainConfig.defaults();
        return new TrainConfig(0.015, 0.015, 2000, 4, 1e-3, synapse.momentum(), 0, 64, 2, 224, 666, 0.5, 0.5,
                backbone, TrainConfig.ADAM, TrainConfig.NO_PRETRAINED, TrainConfig.COSINE_RESTARTS, 10, 1e-4, 50, 3,
                TrainConfig.SIGMOID);
    }

    private TrainPresets() {
    }

    /**
     * UCTransNet on Synapse: the project's choice, since the original (McGregorWwww/UCTransNet) has no Synapse recipe
     * and SelfReg none for UCTransNet. The original's optimizer and schedule ({@code train_model.py}: Adam lr 1e-3,
     * no weight decay, cosine warm restarts T_0 = 10, eta_min = 1e-4, stepped per epoch), batch size 4, seed 666 and
     * early stopping on the validation Dice with patience 50 ({@code Config.py}); from the Synapse UNet recipe
     * ({@link TrainConfig#defaults()}) 9 classes, one channel, 224, 0.4 CE + 0.6 Dice, 150 epochs and lambda 0.015.
     * Momentum is unused by Adam.
     */
    public static TrainConfig uctransnetSynapse() {
        TrainConfig synapse = TrainConfig.defaults();
        return new TrainConfig(synapse.lambdaIntra(), synapse.lambdaInter(), synapse.epochs(), 4, 1e-3,
                synapse.momentum(), 0, 64, synapse.classes(), synapse.imageSize(), 666, synapse.ceWeight(),
                synapse.diceWeight(), UCTransNetBackboneFactory.NAME, TrainConfig.ADAM, TrainConfig.NO_PRETRAINED,
                TrainConfig.COSINE_RESTARTS, 10, 1e-4, 50);
    }

    /** Every preset name, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(PRESETS.keySet());
    }

    /**
     * The configuration a preset stands for.
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one of them
     */
    public static TrainConfig config(String name) {
        Supplier<TrainConfig> preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("unknown training preset '" + name + "'; known presets: " + names());
        }
        return preset.get();
    }
}
