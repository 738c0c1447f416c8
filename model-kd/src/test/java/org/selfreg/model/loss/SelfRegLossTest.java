package org.selfreg.model.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.selfreg.model.unet.FeatureTaps;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfRegLossTest {

    /**
     * Channels {@code [3,4] [1,0] [1,1] [-1,0]} score 0.7, 0.5, 0.707, -0.5 after L2 normalisation, so the sorted
     * order is c2, c0 | c1, c3 and the loss is {@code mean((c2-c1)^2, (c0-c3)^2) = (0 + 1 + 16 + 16) / 4}.
     */
    @Test
    void intraFdComparesTheTopAndBottomHalfAndTrainsBoth() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray f = manager.create(new float[] {3, 4, 1, 0, 1, 1, -1, 0}, new Shape(1, 4, 1, 2));
            f.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = SelfRegLoss.intraFd(f);
                assertEquals(8.25f, loss.getFloat(), 1e-6f);
                collector.backward(loss);
            }
            assertArrayEquals(new float[] {2, 2, 0, -0.5f, 0, 0.5f, -2, -2}, f.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void intraFdRejectsAnOddChannelCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> SelfRegLoss.intraFd(manager.ones(new Shape(1, 3, 2, 2))));
        }
    }

    /** Pairs (student c2, teacher c1) and (student c0, teacher c0): ((3 - 20)^2 + (1 - 10)^2) / 2 = 185. */
    @Test
    void interFdMatchesChannelsByPosition() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray student = manager.create(new float[] {1, 2, 3}, new Shape(1, 3, 1, 1));
            NDArray teacher = manager.create(new float[] {10, 20}, new Shape(1, 2, 1, 1));
            assertEquals(185f, SelfRegLoss.interFd(student, teacher, new int[] {2, 0}, new int[] {1, 0}).getFloat(),
                    1e-5f);
        }
    }

    @Test
    void poolToAveragesIntegerBlocksAndRejectsOtherRatios() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray teacher = manager.arange(16f).reshape(1, 1, 4, 4);
            assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, SelfRegLoss.poolTo(teacher, 2).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> SelfRegLoss.poolTo(manager.ones(new Shape(1, 1, 6, 6)), 4));
        }
    }

    /** The UNet combination: draws in reference order (decoder taps, then encoder taps; student before teacher). */
    @Test
    void combinesTermsLikeTheReferenceUNetTrainer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(7);
            List<NDArray> encoder = List.of(feature(manager, random, 8, 4), feature(manager, random, 8, 2));
            List<NDArray> decoder = List.of(feature(manager, random, 6, 4));
            NDArray teacher = feature(manager, random, 4, 8);
            teacher.setRequiresGradient(true);
            FeatureTaps taps = new FeatureTaps(teacher, encoder, decoder, teacher);
            List<int[]> draws = new ArrayList<>();
            RandomChannelSampler sampler = new RandomChannelSampler(new Random(3));
            ChannelSampler recording = (n, k) -> {
                int[] picked = sampler.sample(n, k);
                draws.add(new int[] {n, k});
                draws.add(picked);
                return picked;
            };
            SelfRegLoss.Terms terms;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = new SelfRegLoss(0.5, 2.0, recording).compute(taps);
                collector.backward(terms.total());
            }

            float expectedIntra = (SelfRegLoss.intraFd(encoder.get(0)).getFloat()
                    + SelfRegLoss.intraFd(encoder.get(1)).getFloat()) / 2 + SelfRegLoss.intraFd(decoder.get(0)).getFloat();
            NDArray plain = teacher.stopGradient();
            List<NDArray> students = List.of(decoder.get(0), encoder.get(0), encoder.get(1));
            float interSum = 0;
            for (int i = 0; i < students.size(); i++) {
                NDArray s = students.get(i);
                assertArrayEquals(new int[] {(int) s.getShape().get(1), 4}, draws.get(4 * i));
                assertArrayEquals(new int[] {4, 4}, draws.get(4 * i + 2));
                interSum += SelfRegLoss.interFd(s, SelfRegLoss.poolTo(plain, s.getShape().get(2)), draws.get(4 * i + 1),
                        draws.get(4 * i + 3)).getFloat();
            }
            assertEquals(12, draws.size());
            assertEquals(expectedIntra, terms.intra().getFloat(), 1e-5f);
            assertEquals(interSum / 3, terms.inter().getFloat(), 1e-5f);
            assertEquals(0.5f * expectedIntra + 2f * interSum / 3, terms.total().getFloat(), 1e-5f);
            assertEquals(0f, teacher.getGradient().abs().sum().getFloat(), "teacher is detached in inter_fd");
        }
    }

    @Test
    void skipsATermWhoseLambdaIsZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(1);
            NDArray f = feature(manager, random, 4, 4);
            FeatureTaps taps = new FeatureTaps(f, List.of(f), List.of(f), f);
            ChannelSampler failing = (n, k) -> {
                throw new AssertionError("inter_fd must not draw channels when its lambda is 0");
            };
            SelfRegLoss.Terms terms = new SelfRegLoss(1.0, 0.0, failing).compute(taps);
            assertEquals(0f, terms.inter().getFloat());
            assertEquals(terms.intra().getFloat(), terms.total().getFloat(), 1e-7f);
            assertTrue(terms.intra().getFloat() > 0);
        }
    }

    private static NDArray feature(NDManager manager, Random random, int channels, int side) {
        float[] values = new float[2 * channels * side * side];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        NDArray f = manager.create(values, new Shape(2, channels, side, side));
        f.setRequiresGradient(true);
        return f;
    }
}
