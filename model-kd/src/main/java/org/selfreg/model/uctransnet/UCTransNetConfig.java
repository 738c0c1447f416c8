package org.selfreg.model.uctransnet;

/**
 * Shape of a {@link UCTransNet} (repository McGregorWwww/UCTransNet, {@code Config.py get_CTranS_config}): encoder
 * widths {@code baseWidth * (1, 2, 4, 8, 8)}; CTrans on the first four levels with patch sizes 16, 8, 4, 2 (so every
 * level gives {@code (imageSize / 16)^2} tokens: 196 at 224), 4 layers of 4 heads, MLP ratio 4 and a key/value width
 * equal to the sum of the four skip widths (the original's fixed {@code KV_size = 960} at base 64).
 *
 * @param inChannels       input channels (1 for CT slices, 3 for GlaS/MoNuSeg RGB)
 * @param classes          output channels of {@code outc}
 * @param baseWidth        channels of the first level (64 in the original, 66,430,025 parameters for 1 -> 9)
 * @param imageSize        side of the square input; the position embeddings are sized by it, so it is fixed
 * @param embeddingDropout dropout on patch plus position embeddings ({@code embeddings_dropout_rate} 0.1)
 * @param attentionDropout dropout on the attention probabilities and the attention output
 *                         ({@code attention_dropout_rate} 0.1)
 */
public record UCTransNetConfig(int inChannels, int classes, int baseWidth, int imageSize, double embeddingDropout,
                               double attentionDropout) {

    /** The largest patch (level 1's, 16) must tile the image, and the lower levels' patches follow from it. */
    public static final int SIZE_MULTIPLE = 16;
    /** Patch size per CTrans level ({@code config.patch_sizes}). */
    static final int[] PATCH_SIZES = {16, 8, 4, 2};
    /** Levels CTrans joins (x1..x4). */
    static final int SCALES = PATCH_SIZES.length;
    /** {@code config.transformer.num_heads}. */
    static final int HEADS = 4;
    /** {@code config.transformer.num_layers}. */
    static final int LAYERS = 4;
    /** {@code config.expand_ratio} of the per-level MLP. */
    static final int EXPAND_RATIO = 4;
    private static final double ORIGINAL_DROPOUT = 0.1;

    /** The original's dropout (0.1 on embeddings and attention). */
    public static UCTransNetConfig original(int inChannels, int classes, int baseWidth, int imageSize) {
        return new UCTransNetConfig(inChannels, classes, baseWidth, imageSize, ORIGINAL_DROPOUT, ORIGINAL_DROPOUT);
    }

    /** Rejects shapes the network cannot be built with, naming the rule. */
    public UCTransNetConfig {
        if (inChannels < 1 || classes < 1 || baseWidth < 1) {
            throw new IllegalArgumentException("UCTransNetConfig needs inChannels, classes and baseWidth >= 1, got "
                    + inChannels + ", " + classes + ", " + baseWidth);
        }
        if (!acceptsImageSize(imageSize)) {
            throw new IllegalArgumentException("UCTransNet image size must be a positive multiple of "
                    + SIZE_MULTIPLE + " (the level-1 patch), got " + imageSize);
        }
        if (!(embeddingDropout >= 0 && embeddingDropout < 1 && attentionDropout >= 0 && attentionDropout < 1)) {
            throw new IllegalArgumentException("dropout rates must lie in [0, 1), got " + embeddingDropout + ", "
                    + attentionDropout);
        }
    }

    /** Whether a square input of side {@code size} tiles into whole patches at every CTrans level. */
    public static boolean acceptsImageSize(int size) {
        return size >= SIZE_MULTIPLE && size % SIZE_MULTIPLE == 0;
    }

    /** Channels of encoder level {@code level} (0 = x1 at full resolution, 4 = x5 at 1/16). */
    public int width(int level) {
        return baseWidth * new int[] {1, 2, 4, 8, 8}[level];
    }

    /** The skip widths CTrans works on, x1..x4. */
    int[] skipWidths() {
        int[] widths = new int[SCALES];
        for (int i = 0; i < SCALES; i++) {
            widths[i] = width(i);
        }
        return widths;
    }

    /** Key/value width: all skip channels side by side ({@code KV_size}, 960 at base 64). */
    int kvSize() {
        return baseWidth * 15;
    }

    /** Tokens per level: each level's side divided by its patch, the same at every level. */
    int tokenSide() {
        return imageSize / SIZE_MULTIPLE;
    }
}
