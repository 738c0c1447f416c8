package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;

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

    /** Copies the lists so the record cannot change under the loss. */
    public FeatureTaps {
        encoder = List.copyOf(encoder);
        decoder = List.copyOf(decoder);
    }
}
