package org.selfreg.model.swin;

import java.util.List;

/**
 * Shape of a {@link SwinUNet} ({@code SwinTransformerSys} of Swin-Unet, expand_first, no absolute position embedding).
 *
 * <p>Geometry rules of the reference: stage {@code i} works at {@code imageSize / patchSize / 2^i} tokens per side with
 * {@code embedDim * 2^i} channels; a stage whose side is at most {@code windowSize} uses one window of its own side
 * and no shift. The decoder reuses the encoder {@code depths} (the reference never passes its decoder depths).
 *
 * @param inChannels   channels of the input slices; 1 is repeated to 3 as {@code SwinUnet.forward} does
 * @param classes      output classes, background included
 * @param imageSize    side of the square input
 * @param patchSize    side of a patch of the patch embedding (4)
 * @param embedDim     channels of the first stage (96 in swin_tiny)
 * @param depths       Swin blocks per stage, encoder and decoder alike
 * @param heads        attention heads per stage
 * @param windowSize   side of an attention window (7)
 * @param mlpRatio     hidden width of the MLP relative to its input (4)
 * @param dropPathRate stochastic depth of the last encoder block, rates rising linearly from 0 over the blocks
 */
public record SwinUNetConfig(int inChannels, int classes, int imageSize, int patchSize, int embedDim,
                             List<Integer> depths, List<Integer> heads, int windowSize, double mlpRatio,
                             double dropPathRate) {

    /** swin_tiny_patch4_window7_224_lite: the configuration of the SelfReg and Swin-Unet Synapse runs. */
    public static SwinUNetConfig tinyLite(int classes) {
        return tinyLite(classes, 224);
    }

    /** swin_tiny_patch4_window7_224_lite on another input side (the checks below say which sides work). */
    public static SwinUNetConfig tinyLite(int classes, int imageSize) {
        return new SwinUNetConfig(1, classes, imageSize, 4, 96, List.of(2, 2, 2, 2), List.of(3, 6, 12, 24), 7, 4.0,
                0.2);
    }

    /** Rejects geometries the reference network could not run (it would fail an assert or mis-shape a view). */
    public SwinUNetConfig {
        depths = List.copyOf(depths);
        heads = List.copyOf(heads);
        require(inChannels == 1 || inChannels == 3, "inChannels must be 1 or 3, got " + inChannels);
        require(classes >= 1, "classes (output channels) must be >= 1, got " + classes);
        require(depths.size() == 4 && heads.size() == 4,
                "depths and heads need one entry per stage (4 stages: the decoder mirrors them), got " + depths
                        + " and " + heads);
        require(patchSize >= 1 && imageSize % patchSize == 0,
                "imageSize " + imageSize + " must be a multiple of patchSize " + patchSize);
        require(mlpRatio > 0 && dropPathRate >= 0 && dropPathRate < 1,
                "mlpRatio must be > 0 and dropPathRate in [0, 1), got " + mlpRatio + " and " + dropPathRate);
        for (int stage = 0; stage < 4; stage++) {
            int side = imageSize / patchSize >> stage;
            int dim = embedDim << stage;
            require(depths.get(stage) >= 1 && heads.get(stage) >= 1 && dim % heads.get(stage) == 0,
                    "stage " + stage + " needs depth >= 1 and heads dividing its " + dim + " channels, got depth "
                            + depths.get(stage) + " and " + heads.get(stage) + " heads");
            require(side << stage == imageSize / patchSize,
                    "imageSize / patchSize = " + imageSize / patchSize + " must halve evenly three times");
            require(side <= windowSize || side % windowSize == 0,
                    "stage " + stage + " has side " + side + ", not a multiple of windowSize " + windowSize);
        }
        require(embedDim >= 2 && embedDim % 2 == 0, "embedDim must be even (patch expansion halves it), got " + embedDim);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("SwinUNetConfig: " + message);
        }
    }

    /** Channels of stage {@code stage} (0 = after the patch embedding). */
    public int dim(int stage) {
        return embedDim << stage;
    }

    /** Tokens per side at stage {@code stage}. */
    public int side(int stage) {
        return imageSize / patchSize >> stage;
    }

    /** Number of stages (always 4: the reference decoder hard-codes the mirror index {@code 3 - i}). */
    public int stages() {
        return depths.size();
    }

    /**
     * Drop-path rate of every block of stage {@code stage}: {@code torch.linspace(0, dropPathRate, sum(depths))}
     * sliced per stage, as the reference does (the decoder stage mirroring encoder stage {@code s} reuses its slice).
     */
    public double[] dropPathRates(int stage) {
        int total = depths.stream().mapToInt(Integer::intValue).sum();
        int first = depths.subList(0, stage).stream().mapToInt(Integer::intValue).sum();
        double[] rates = new double[depths.get(stage)];
        for (int i = 0; i < rates.length; i++) {
            // torch.linspace computes in float32; the rate only scales random draws, so the cast is cosmetic.
            rates[i] = total == 1 ? 0 : (float) (dropPathRate * (first + i) / (total - 1));
        }
        return rates;
    }
}
