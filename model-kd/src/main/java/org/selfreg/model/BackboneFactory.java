package org.selfreg.model;

import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.unet.SegmentationBackbone;

import java.util.Random;

/**
 * Builds one kind of network for {@link Backbones}: the plug-in point through which a new architecture joins
 * training, checkpoint loading and evaluation.
 */
public interface BackboneFactory {

    /**
     * A fresh, uninitialised network for the configuration (one input channel, {@code config.classes()} outputs).
     *
     * @param random source of the network's own training-time randomness (e.g. drop path); the trainer passes the
     *               generator it checkpoints, so a resumed run draws what an uninterrupted one would
     */
    SegmentationBackbone create(TrainConfig config, Random random);

    /** How this network's feature taps combine into the SelfReg loss. */
    KdRecipe kdRecipe();

    /** Whether {@link #kdRecipe()} is the SelfReg paper's or this project's proposal; every trial run is tagged so. */
    KdRecipeOrigin kdRecipeOrigin();

    /** Whether the network takes square inputs of side {@code size}. */
    boolean acceptsImageSize(int size);

    /** The accepted input sides in words, for error messages, e.g. "a multiple of 16". */
    String imageSizeRule();

    /** Whether the network can be built with {@link TrainConfig#baseWidth()} {@code width}. */
    default boolean acceptsBaseWidth(int width) {
        return true;
    }

    /** The accepted base widths in words, for error messages. */
    default String baseWidthRule() {
        return "any even number >= 2";
    }

    /**
     * Called by the trainer once the fresh network's parameters are initialised and before the first step (never on
     * resume, where the checkpoint holds the weights): loads {@link TrainConfig#pretrained()} when it is set. The
     * parameters must be written in place, since the trainer already holds their arrays.
     *
     * @throws InvalidInputException if pretrained weights are requested from a backbone that cannot load them
     */
    default void afterInitialize(SegmentationBackbone network, TrainConfig config) {
        if (config.pretrainedFile().isPresent()) {
            throw new InvalidInputException("backbone " + config.backbone() + " cannot load pretrained weights ("
                    + config.pretrained() + "); leave TrainConfig.pretrained empty");
        }
    }
}
