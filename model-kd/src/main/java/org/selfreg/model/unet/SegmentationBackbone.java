package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A segmentation network whose training-mode forward pass also returns named feature taps, so that the trainer and
 * the self-distillation loss never need to know which architecture they hold (UNet now, Swin-UNet later).
 *
 * <p>Contract of {@link Block#forward}: in training mode the output is the backbone's own tap layout, decoded by
 * {@link #taps(NDList)}; in eval mode it is the logits only.
 */
public interface SegmentationBackbone extends Block {

    /** Number of output classes, background included. */
    int classes();

    /** Decodes the output of a training-mode forward pass (for example from {@code Trainer.forward}). */
    FeatureTaps taps(NDList trainingOutput);

    /** Training-mode forward (batch statistics) returning logits and taps. */
    default FeatureTaps forwardTaps(ParameterStore parameters, NDArray images) {
        return taps(forward(parameters, new NDList(images), true));
    }

    /** Eval-mode forward (running statistics) returning the logits only. */
    default NDArray forwardLogits(ParameterStore parameters, NDArray images) {
        return forward(parameters, new NDList(images), false).singletonOrThrow();
    }
}
