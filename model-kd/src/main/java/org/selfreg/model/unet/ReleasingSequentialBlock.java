package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} that closes each intermediate output once the next block has consumed it, as PyTorch lets
 * go of a {@code nn.Sequential}'s intermediate tensors. Closing releases only the Java handle: a tensor the autograd
 * graph saved for the backward pass (a convolution's input, a ReLU's output) lives on in libtorch, while one it did not
 * save (a batch norm's output, which the following ReLU's backward does not need) is freed at once instead of staying
 * resident until the step's end. In UNet_hd's Conv-BN-ReLU blocks at full width this is one activation per
 * convolution; at inference every intermediate is freed as soon as it has been used.
 */
final class ReleasingSequentialBlock extends SequentialBlock {

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList current = inputs;
        for (Block block : getChildren().values()) {
            NDList next = block.forward(parameterStore, current, training, params);
            if (current != inputs) {
                releaseUnlessReturned(current, next);
            }
            current = next;
        }
        return current;
    }

    /** Closes the arrays of {@code consumed} that {@code produced} does not hand on (a block may return its input). */
    private static void releaseUnlessReturned(NDList consumed, NDList produced) {
        for (NDArray array : consumed) {
            if (produced.stream().noneMatch(output -> output == array)) { // by identity: equals may compare values
                array.close();
            }
        }
    }
}
