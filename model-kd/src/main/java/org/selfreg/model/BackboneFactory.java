package org.selfreg.model;

import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.unet.SegmentationBackbone;

/**
 * Builds one kind of network for {@link Backbones}: the plug-in point through which a new architecture joins
 * training, checkpoint loading and evaluation.
 */
public interface BackboneFactory {

    /** A fresh, uninitialised network for the configuration (one input channel, {@code config.classes()} outputs). */
    SegmentationBackbone create(TrainConfig config);

    /** How this network's feature taps combine into the SelfReg loss. */
    KdRecipe kdRecipe();

    /** Whether the network takes square inputs of side {@code size}. */
    boolean acceptsImageSize(int size);

    /** The accepted input sides in words, for error messages, e.g. "a multiple of 16". */
    String imageSizeRule();
}
