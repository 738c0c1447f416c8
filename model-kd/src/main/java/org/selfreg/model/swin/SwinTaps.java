package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import org.selfreg.model.unet.FeatureTaps;

import java.util.ArrayList;
import java.util.List;

/**
 * What a Swin-UNet training-mode forward pass exposes: every block of every tapped stage.
 *
 * @param logits  class scores {@code (B, classes, H, W)}
 * @param encoder per encoder stage ({@code layers.0..3}), the output of each block, {@code B x C x H x W}
 * @param decoder per decoder stage ({@code layers_up.1..3}, deepest first), the output of each block
 * @param teacher the {@code FinalPatchExpand_X4} output {@code (B, embedDim, H, W)} every tap is regressed onto
 */
public record SwinTaps(NDArray logits, List<List<NDArray>> encoder, List<List<NDArray>> decoder, NDArray teacher) {

    /** Copies the lists so the record cannot change under the loss. */
    public SwinTaps {
        encoder = encoder.stream().map(List::copyOf).toList();
        decoder = decoder.stream().map(List::copyOf).toList();
    }

    /**
     * The layout {@link SwinKdRecipe} reads: per list, {@code feature[i][-1]} of every stage (the last block, SW-MSA
     * for depth 2 except at 7x7), then {@code feature[i][0]} of every stage (the first block, W-MSA).
     */
    public FeatureTaps lastThenFirstBlocks() {
        return new FeatureTaps(logits, lastThenFirst(encoder), lastThenFirst(decoder), teacher);
    }

    private static List<NDArray> lastThenFirst(List<List<NDArray>> stages) {
        List<NDArray> taps = new ArrayList<>();
        stages.forEach(blocks -> taps.add(blocks.get(blocks.size() - 1)));
        stages.forEach(blocks -> taps.add(blocks.get(0)));
        return taps;
    }
}
