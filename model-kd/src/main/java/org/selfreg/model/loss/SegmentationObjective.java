package org.selfreg.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.selfreg.model.nd.LibtorchArrays;

/** The supervised part of the training loss: the network's logits against the labels of a batch. */
public interface SegmentationObjective {

    /**
     * Loss terms of one batch.
     *
     * @param ce    cross-entropy (binary cross-entropy for a sigmoid head)
     * @param dice  soft Dice loss
     * @param total {@code ceWeight * ce + diceWeight * dice}
     */
    record Terms(NDArray ce, NDArray dice, NDArray total) {

        /** The terms with their weighted sum; the weights take the terms' type, so float32 stays float32. */
        static Terms weighted(NDArray ce, NDArray dice, double ceWeight, double diceWeight) {
            NDManager manager = ce.getManager();
            return new Terms(ce, dice, ce.mul(LibtorchArrays.scalar(manager, ceWeight, ce.getDataType()))
                    .add(dice.mul(LibtorchArrays.scalar(manager, diceWeight, dice.getDataType()))));
        }
    }

    /**
     * @param logits {@code (B, C, H, W)} network outputs
     * @param labels {@code (B, H, W)} int64 class ids
     */
    Terms compute(NDArray logits, NDArray labels);
}
