package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.List;

/**
 * What a training-mode forward pass exposes to the losses.
 *
 * @param logits  class scores {@code (B, classes, H, W)}
 * @param encoder encoder feature maps tapped for self-distillation (UNet: x2..x5)
 * @param decoder decoder feature maps tapped for self-distillation (UNet: u1..u3)
 * @param teacher final decoder feature map that every tap is regressed onto (UNet: u4)
 */
public record FeatureTaps(NDArray logits, List<NDArray> encoder, List<NDArray> decoder, NDArray teacher) {

    /** Length of the UNet-shaped training-mode output {@link #ofUNetLayout} decodes. */
    public static final int UNET_LAYOUT_SIZE = 9;

    /** Copies the lists so the record cannot change under the loss. */
    public FeatureTaps {
        encoder = List.copyOf(encoder);
        decoder = List.copyOf(decoder);
    }

    /**
     * Decodes the training-mode output of a UNet-shaped backbone (UNet_hd, UCTransNet):
     * {@code [logits, 4 encoder taps, 3 decoder taps, teacher]}.
     *
     * @param network the backbone's name, for the error message
     */
    public static FeatureTaps ofUNetLayout(NDList out, String network) {
        if (out.size() != UNET_LAYOUT_SIZE) {
            throw new IllegalArgumentException(network + " taps need the " + UNET_LAYOUT_SIZE + "-array training-mode"
                    + " output, got " + out.size() + " arrays (was the forward pass run in eval mode?)");
        }
        return new FeatureTaps(out.get(0), List.of(out.get(1), out.get(2), out.get(3), out.get(4)),
                List.of(out.get(5), out.get(6), out.get(7)), out.get(8));
    }
}
