package org.selfreg.model.unet;

/**
 * Shape of a {@link UNet}: channel widths are {@code baseWidth * (1, 2, 4, 8, 8)} as in UNet_hd with bilinear
 * up-sampling ({@code baseWidth = 64} is the reference network, 17,262,345 trainable parameters for 1 -> 9).
 *
 * @param inChannels input channels (1 for CT slices, 3 for RGB)
 * @param classes    output channels: the classes, background included, or 1 for a sigmoid head
 * @param baseWidth  channels of the first encoder level
 */
public record UNetConfig(int inChannels, int classes, int baseWidth) {

    /** The reference UNet_hd: 1 input channel, 9 Synapse classes, base width 64. */
    public static UNetConfig reference() {
        return new UNetConfig(1, 9, 64);
    }

    /** Rejects widths that would build an empty or degenerate network. */
    public UNetConfig {
        if (inChannels < 1 || classes < 1 || baseWidth < 2 || baseWidth % 2 != 0) {
            throw new IllegalArgumentException("UNetConfig needs inChannels >= 1, classes >= 1 and an even baseWidth >= 2,"
                    + " got inChannels=" + inChannels + ", classes=" + classes + ", baseWidth=" + baseWidth);
        }
    }

    /** Channels of encoder level {@code level} (0 = the full-resolution level, 4 = the bottleneck). */
    public int width(int level) {
        return baseWidth * new int[] {1, 2, 4, 8, 8}[level];
    }
}
