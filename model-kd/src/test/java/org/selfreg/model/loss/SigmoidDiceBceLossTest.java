package org.selfreg.model.loss;

import java.util.Arrays;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.selfreg.model.testing.Fixtures.assertClose;
import static org.selfreg.model.testing.Fixtures.load;
import static org.selfreg.model.testing.Fixtures.scalar;

/**
 * UCTransNet's weighted BCE + Dice against its PyTorch restatement (fixture: binary_loss.npz, written by
 * make_binary_loss_fixtures.py): with foreground in every image, in one image only, and in none.
 */
class SigmoidDiceBceLossTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void float64TermsAndGradientMatchTheReference(int k) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = load(manager, "binary_loss.npz");
            NDArray logits = fixture.get("logits_" + k);
            SegmentationObjective.Terms terms = computeWithGradient(logits, fixture.get("labels_" + k));
            assertEquals(DataType.FLOAT64, terms.total().getDataType());
            assertClose(scalar(fixture, "bce_" + k), terms.ce().getDouble(), 1e-12, "BCE");
            assertClose(scalar(fixture, "dice_" + k), terms.dice().getDouble(), 1e-12, "Dice");
            assertClose(scalar(fixture, "total_" + k), terms.total().getDouble(), 1e-12, "total");
            assertClose(fixture.get("grad_" + k).toType(DataType.FLOAT32, false),
                    logits.getGradient().toType(DataType.FLOAT32, false), 1e-6, "gradient");
        }
    }

    /** The training precision: float32 rounding, scaled to the magnitude compared. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void float32TermsAndGradientMatchTheReference(int k) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = load(manager, "binary_loss.npz");
            NDArray logits = fixture.get("logits_" + k).toType(DataType.FLOAT32, false);
            SegmentationObjective.Terms terms = computeWithGradient(logits, fixture.get("labels_" + k));
            assertClose(scalar(fixture, "total_" + k), terms.total().getFloat(), 1e-5, "total");
            assertClose(fixture.get("grad_" + k).toType(DataType.FLOAT32, false), logits.getGradient(), 1e-4,
                    "gradient");
        }
    }

    /**
     * Logits far enough out that float32's sigmoid is exactly 0 or 1: torch's loss (the clamped log gives 100 for a
     * wrong pixel) and torch's gradient (none through a saturated sigmoid), never NaN.
     */
    @Test
    void saturatedLogitsGiveTorchsClampedLossAndNoNan() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {120, -120, 30, -30}, new Shape(1, 1, 2, 2));
            NDArray labels = manager.create(new long[] {0, 1, 1, 0}, new Shape(1, 2, 2));
            SegmentationObjective.Terms terms = computeWithGradient(logits, labels);
            // Each class has one wrong pixel at 100 and one right one at 0: 0.5 * 50 + 0.5 * 50.
            assertEquals(50, terms.ce().getFloat(), 1e-3);
            for (float g : logits.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "gradient " + Arrays.toString(logits.getGradient().toFloatArray()));
            }
        }
    }

    private static SegmentationObjective.Terms computeWithGradient(NDArray logits, NDArray labels) {
        logits.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            SegmentationObjective.Terms terms = new SigmoidDiceBceLoss(0.5, 0.5).compute(logits, labels);
            collector.backward(terms.total());
            return terms;
        }
    }
}
