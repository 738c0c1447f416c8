package org.selfreg.model.swin;

import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.BackboneFactory;
import org.selfreg.model.KdRecipeOrigin;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.unet.SegmentationBackbone;

import java.nio.file.Path;
import java.util.Random;

/**
 * Registers Swin-UNet (swin_tiny_patch4_window7_224_lite geometry, one input channel) with {@code Backbones} under
 * {@link #NAME}; {@link TrainConfig#baseWidth()} is the embedding width (96 in swin_tiny).
 *
 * <p>Stochastic depth draws from the generator the trainer passes in, the one it checkpoints, so a resumed run drops
 * the same paths as an uninterrupted one.
 */
public final class SwinBackboneFactory implements BackboneFactory {

    /** The name a sweep configuration selects this backbone by. */
    public static final String NAME = "swin";
    /** swin_tiny's embedding width. */
    public static final int TINY_EMBED_DIM = 96;

    @Override
    public SegmentationBackbone create(TrainConfig config, Random random) {
        return new SwinUNet(geometry(config.channels(), config.outputChannels(), config.imageSize(),
                config.baseWidth()), random);
    }

    /** The lite depths, heads, window and drop path rate at the given embedding width. */
    static SwinUNetConfig geometry(int inChannels, int classes, int imageSize, int embedDim) {
        SwinUNetConfig tiny = SwinUNetConfig.tinyLite(classes, imageSize);
        return new SwinUNetConfig(inChannels, classes, imageSize, tiny.patchSize(), embedDim, tiny.depths(),
                tiny.heads(), tiny.windowSize(), tiny.mlpRatio(), tiny.dropPathRate());
    }

    /**
     * The reference's {@code load_from}: the converted ImageNet encoder, mirrored into the decoder, with keys of
     * another shape (the head, any width other than the checkpoint's) left at their initialisation.
     */
    @Override
    public void afterInitialize(SegmentationBackbone network, TrainConfig config) {
        config.pretrainedFile().ifPresent(npz -> load(network, npz));
    }

    /** Loads (SwinWeights logs the counts) and refuses a file that shares nothing with the network. */
    private static void load(SegmentationBackbone network, Path npz) {
        SwinWeights.LoadReport report = SwinWeights.loadInto(network, npz);
        if (report.loaded().isEmpty()) {
            // Most likely another network's weights: training on from random weights would waste the whole trial.
            throw new InvalidInputException("no array of " + npz + " fits the Swin-UNet (" + report.unexpected().size()
                    + " unknown names, " + report.mismatched().size() + " of another shape); convert the Swin"
                    + " ImageNet checkpoint with model-kd/src/main/python/convert_swin_pretrained.py");
        }
    }

    @Override
    public KdRecipe kdRecipe() {
        return SwinKdRecipe.INSTANCE;
    }

    @Override
    public KdRecipeOrigin kdRecipeOrigin() {
        return KdRecipeOrigin.PAPER;
    }

    @Override
    public boolean acceptsImageSize(int size) {
        try {
            SwinUNetConfig.tinyLite(2, size);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String imageSizeRule() {
        return "224, or a side whose 4x4-patch grid halves three times into multiples of the window 7 (e.g. 448)";
    }

    @Override
    public boolean acceptsBaseWidth(int width) {
        try {
            geometry(1, 2, SwinUNetConfig.tinyLite(2).imageSize(), width);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String baseWidthRule() {
        return "a multiple of 6 (the embedding width: even, divisible by the 3 heads of the first stage; "
                + TINY_EMBED_DIM + " = swin_tiny)";
    }
}
