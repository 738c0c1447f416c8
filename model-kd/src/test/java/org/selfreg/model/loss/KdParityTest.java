package org.selfreg.model.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.selfreg.model.testing.Fixtures;
import org.selfreg.model.unet.FeatureTaps;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.selfreg.model.testing.Fixtures.load;
import static org.selfreg.model.testing.Fixtures.assertClose;
import static org.selfreg.model.testing.Fixtures.scalar;

/** SelfReg and segmentation losses against the reference PyTorch code (fixture: kd_loss.npz). */
class KdParityTest {

    private static final List<String> TAPS = List.of("e1", "e2", "e3", "e4", "d1", "d2", "d3", "teacher");

    @Test
    void selfRegTermsAndGradientsMatchTheReference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = load(manager, "kd_loss.npz");
            for (String tap : TAPS) {
                fixture.get(tap).setRequiresGradient(true);
            }
            int[] next = {0};
            ChannelSampler replay = Fixtures.replay(fixture, "draw%02d", next);
            double lambda = scalar(fixture, "lambda");
            FeatureTaps taps = new FeatureTaps(fixture.get("teacher"),
                    List.of(fixture.get("e1"), fixture.get("e2"), fixture.get("e3"), fixture.get("e4")),
                    List.of(fixture.get("d1"), fixture.get("d2"), fixture.get("d3")), fixture.get("teacher"));
            SelfRegLoss.Terms terms;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = new SelfRegLoss(lambda, lambda, replay).compute(taps);
                collector.backward(terms.total());
            }
            assertEquals(14, next[0], "two draws per inter_fd term");
            assertClose(scalar(fixture, "intra"), terms.intra().getFloat(), 1e-6, "intra");
            assertClose(scalar(fixture, "inter"), terms.inter().getFloat(), 1e-6, "inter");
            assertClose(scalar(fixture, "total"), terms.total().getFloat(), 1e-6, "total");
            for (String tap : TAPS) {
                assertClose(fixture.get("grad_" + tap), fixture.get(tap).getGradient(), 1e-5, tap + " gradient");
            }
        }
    }

    @Test
    void crossEntropyAndDiceMatchTheReference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = load(manager, "kd_loss.npz");
            SegmentationLoss.Terms terms = new SegmentationLoss(0.4, 0.6)
                    .compute(fixture.get("seg_logits"), fixture.get("seg_labels"));
            assertClose(scalar(fixture, "seg_ce"), terms.ce().getFloat(), 1e-6, "cross-entropy");
            assertClose(scalar(fixture, "seg_dice"), terms.dice().getFloat(), 1e-6, "Dice loss");
        }
    }
}
