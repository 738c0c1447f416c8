package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.selfreg.model.loss.ChannelSampler;
import org.selfreg.model.loss.SelfRegLoss;
import org.selfreg.model.unet.FeatureTaps;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.selfreg.model.testing.Fixtures.assertClose;

/** The DJL Swin-UNet and its KD recipe against the reference PyTorch code (fixtures: swin/weights.npz, forward.npz). */
class SwinUNetParityTest {

    private static final double FORWARD_TOLERANCE = 1e-4;
    private static final double LOSS_TOLERANCE = 1e-5;

    @Test
    void logitsAndEveryTapMatchTheReference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = SwinFixtures.load(manager, "forward.npz");
            // Drop path 0: the training-mode pass (which returns the taps) is then the reference's eval pass.
            SwinUNet network = SwinFixtures.network(manager, 0, 1);
            SwinTaps taps = network.swinTaps(network.forward(new ParameterStore(manager, false),
                    new NDList(fixture.get("input")), true));
            assertClose(fixture.get("logits"), taps.logits(), FORWARD_TOLERANCE, "logits");
            assertClose(fixture.get("teacher"), taps.teacher(), FORWARD_TOLERANCE, "teacher");
            assertStagesClose(fixture, "enc", taps.encoder(), 4);
            assertStagesClose(fixture, "dec", taps.decoder(), 3);
        }
    }

    @Test
    void evalModeIgnoresDropPathAndReturnsTheReferenceLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = SwinFixtures.load(manager, "forward.npz");
            SwinUNet network = SwinFixtures.network(manager, 0.2, 1);
            NDArray logits = network.forwardLogits(new ParameterStore(manager, false), fixture.get("input"));
            assertClose(fixture.get("logits"), logits, FORWARD_TOLERANCE, "eval logits");
        }
    }

    @Test
    void swinKdLossMatchesTheReferenceOnReferenceTaps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = SwinFixtures.load(manager, "forward.npz");
            SwinTaps reference = new SwinTaps(fixture.get("logits"), stages(fixture, "enc", 4),
                    stages(fixture, "dec", 3), fixture.get("teacher"));
            assertKdMatches(fixture, reference.lastThenFirstBlocks());
        }
    }

    @Test
    void swinKdLossMatchesTheReferenceOnTheNetworksOwnTaps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = SwinFixtures.load(manager, "forward.npz");
            SwinUNet network = SwinFixtures.network(manager, 0, 1);
            NDList out = network.forward(new ParameterStore(manager, false), new NDList(fixture.get("input")), true);
            assertKdMatches(fixture, network.taps(out));
        }
    }

    private static void assertKdMatches(NDList fixture, FeatureTaps taps) {
        int[] next = {0};
        ChannelSampler replay = (n, k) -> {
            long[] drawn = fixture.get(String.format("kd_draw%02d", next[0]++)).toLongArray();
            assertEquals(k, drawn.length);
            int[] picked = new int[k];
            for (int i = 0; i < k; i++) {
                picked[i] = Math.toIntExact(drawn[i]);
            }
            return picked;
        };
        double lambda = scalar(fixture, "kd_lambda");
        SelfRegLoss.Terms terms = new SelfRegLoss(lambda, lambda, replay, SwinKdRecipe.INSTANCE).compute(taps);
        assertEquals(28, next[0], "two draws per inter_fd term, 14 terms");
        assertRelative(scalar(fixture, "kd_intra"), terms.intra().getFloat(), "intra");
        assertRelative(scalar(fixture, "kd_inter"), terms.inter().getFloat(), "inter");
        assertRelative(scalar(fixture, "kd_total"), terms.total().getFloat(), "total");
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, LOSS_TOLERANCE * Math.abs(expected), what);
    }

    private static double scalar(NDList fixture, String key) {
        return fixture.get(key).toType(DataType.FLOAT64, false).getDouble();
    }

    private static List<List<NDArray>> stages(NDList fixture, String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(s -> List.of(fixture.get(prefix + "." + s + ".0"), fixture.get(prefix + "." + s + ".1")))
                .toList();
    }

    private static void assertStagesClose(NDList fixture, String prefix, List<List<NDArray>> actual, int count) {
        assertEquals(count, actual.size(), prefix + " stages");
        for (int s = 0; s < count; s++) {
            assertEquals(2, actual.get(s).size(), prefix + " stage " + s + " blocks");
            for (int b = 0; b < 2; b++) {
                assertClose(fixture.get(prefix + "." + s + "." + b), actual.get(s).get(b), FORWARD_TOLERANCE,
                        prefix + " stage " + s + " block " + b);
            }
        }
    }
}
