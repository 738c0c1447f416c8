package org.selfreg.model.loss;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentationLossTest {

    /**
     * Two pixels, two classes, both labelled 1; softmax gives p1 = 0.75 and 0.25. Dice counts the background class
     * too (no foreground there, so only the smoothing term is left) and sums over the whole batch.
     */
    @Test
    void matchesCrossEntropyAndBatchPooledDiceByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float ln3 = (float) Math.log(3);
            SegmentationLoss.Terms terms = new SegmentationLoss(0.4, 0.6).compute(
                    manager.create(new float[] {0, ln3, ln3, 0}, new Shape(1, 2, 1, 2)),
                    manager.create(new long[] {1, 1}, new Shape(1, 1, 2)));

            double ce = -(Math.log(0.75) + Math.log(0.25)) / 2;
            double background = 1 - 1e-5 / (0.625 + 1e-5);
            double foreground = 1 - (2 * 1.0 + 1e-5) / (0.625 + 2 + 1e-5);
            double dice = (background + foreground) / 2;
            assertEquals(ce, terms.ce().getFloat(), 1e-6);
            assertEquals(dice, terms.dice().getFloat(), 1e-6);
            assertEquals(0.4 * ce + 0.6 * dice, terms.total().getFloat(), 1e-6);
        }
    }
}
