package org.selfreg.model.uctransnet;

import org.selfreg.model.BackboneFactory;
import org.selfreg.model.KdRecipeOrigin;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.unet.SegmentationBackbone;

import java.util.Random;

/**
 * Registers {@link UCTransNet} with {@code Backbones} under {@link #NAME}: one input channel (until datasets name
 * their channels), {@link TrainConfig#baseWidth()} as the base width (64 in the original) and the original's dropout,
 * whose masks follow the generator the trainer checkpoints.
 *
 * <p>The taps combine as UNet_hd's ({@link KdRecipe#UNET}): the architecture is a UNet plus CTrans and channel
 * gates, and the encoder and decoder maps have UNet_hd's widths and resolutions. This recipe is the project's
 * proposal; SelfReg publishes none for UCTransNet.
 */
public final class UCTransNetBackboneFactory implements BackboneFactory {

    /** The name a sweep configuration selects this backbone by. */
    public static final String NAME = "uctransnet";

    @Override
    public SegmentationBackbone create(TrainConfig config, Random random) {
        return new UCTransNet(UCTransNetConfig.original(config.channels(), config.outputChannels(), config.baseWidth(),
                config.imageSize()), random);
    }

    @Override
    public KdRecipe kdRecipe() {
        return KdRecipe.UNET;
    }

    /** The project's proposal, see the class comment. */
    @Override
    public KdRecipeOrigin kdRecipeOrigin() {
        return KdRecipeOrigin.PROJECT;
    }

    @Override
    public boolean acceptsImageSize(int size) {
        return UCTransNetConfig.acceptsImageSize(size);
    }

    @Override
    public String imageSizeRule() {
        return "a multiple of " + UCTransNetConfig.SIZE_MULTIPLE + " (CTrans's level-1 patch; 224 in the original)";
    }

    @Override
    public String baseWidthRule() {
        return "any even number >= 2 (64 in the original; CTrans's key/value width is 15 x base)";
    }
}
