package org.selfreg.model.swin;

/** Named training recipes for Swin-UNet, as values the trainer's configuration is built from. */
public final class SwinPresets {

    private SwinPresets() {
    }

    /**
     * One Swin-UNet training recipe.
     *
     * @param baseLr      initial learning rate of the poly schedule ({@code base * (1 - it/max)^0.9}, set after step)
     * @param batchSize   slices per iteration
     * @param lambdaIntra weight of the IFD term (the reference's single {@code lambda_x})
     * @param lambdaInter weight of the SCR term (the same {@code lambda_x})
     * @param epochs      passes over the training slices
     * @param momentum    SGD momentum (PyTorch semantics)
     * @param weightDecay L2 weight decay on all parameters
     * @param ceWeight    weight of cross-entropy in the segmentation loss
     * @param diceWeight  weight of soft Dice in the segmentation loss
     * @param imageSize   side of the network input
     * @param seed        the reference's default seed
     */
    public record Recipe(double baseLr, int batchSize, double lambdaIntra, double lambdaInter, int epochs,
                         double momentum, double weightDecay, double ceWeight, double diceWeight, int imageSize,
                         long seed) {
    }

    /**
     * The SelfReg README's Synapse Swin command: {@code train.py --cfg swin_tiny_patch4_window7_224_lite.yaml
     * --max_epochs 150 --img_size 224 --base_lr 0.05 --batch_size 32 --lambda_x 0.010}, with the trainer.py loss
     * (0.4 CE + 0.6 Dice), SGD momentum 0.9, weight decay 1e-4 and train.py's default seed 1234. The lr scaling of
     * train.py ({@code bs % 6 == 0}) is not triggered by 32.
     */
    public static Recipe synapseReadme() {
        return new Recipe(0.05, 32, 0.010, 0.010, 150, 0.9, 1e-4, 0.4, 0.6, 224, 1234);
    }
}
