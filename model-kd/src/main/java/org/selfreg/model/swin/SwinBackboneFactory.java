package org.selfreg.model.swin;

import org.selfreg.model.BackboneFactory;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.unet.SegmentationBackbone;

import java.util.Random;

/**
 * Registers Swin-UNet (swin_tiny_patch4_window7_224_lite, one input channel) with {@code Backbones} under
 * {@link #NAME}.
 *
 * <p>Stochastic depth draws from a {@link Random} seeded with the run's seed, so a run is reproducible from its start;
 * the draws are not part of a checkpoint's random state.
 */
public final class SwinBackboneFactory implements BackboneFactory {

    /** The name a sweep configuration selects this backbone by. */
    public static final String NAME = "swin";

    @Override
    public SegmentationBackbone create(TrainConfig config) {
        return new SwinUNet(SwinUNetConfig.tinyLite(config.classes(), config.imageSize()), new Random(config.seed()));
    }

    @Override
    public KdRecipe kdRecipe() {
        return SwinKdRecipe.INSTANCE;
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
}
