package org.selfreg.model.swin;

import org.selfreg.model.TrainConfig;

/** Named training recipes for Swin-UNet. */
public final class SwinPresets {

    /** The name under which {@link #synapseReadme()} is selectable ({@code trial.preset} of a sweep). */
    public static final String SYNAPSE_README = "swin-synapse-readme";

    private SwinPresets() {
    }

    /**
     * The SelfReg README's Synapse Swin command: {@code train.py --cfg swin_tiny_patch4_window7_224_lite.yaml
     * --max_epochs 150 --img_size 224 --base_lr 0.05 --batch_size 32 --lambda_x 0.010}, with the trainer.py loss
     * (0.4 CE + 0.6 Dice), SGD momentum 0.9 with the poly rate, weight decay 1e-4, 9 classes and train.py's default
     * seed 1234. The lr scaling of train.py ({@code bs % 6 == 0}) is not triggered by 32. The reference also loads
     * the ImageNet weights, whose location only the user knows: set {@link TrainConfig#pretrained()}.
     */
    public static TrainConfig synapseReadme() {
        return new TrainConfig(0.010, 0.010, 150, 32, 0.05, 0.9, 1e-4, SwinBackboneFactory.TINY_EMBED_DIM, 9, 224,
                1234, 0.4, 0.6, SwinBackboneFactory.NAME, TrainConfig.SGD);
    }
}
