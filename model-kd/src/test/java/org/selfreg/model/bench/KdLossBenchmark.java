package org.selfreg.model.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.selfreg.model.loss.RandomChannelSampler;
import org.selfreg.model.loss.SelfRegLoss;
import org.selfreg.model.unet.FeatureTaps;

/**
 * The SelfReg loss alone, forward and backward, on feature maps shaped as full-width UNet_hd's taps at 224²: the part
 * of a training step that the KD overhead consists of, without the noise of a 12-second step around it.
 * bench/python/kd_reference.py times the reference {@code KDloss} on the same shapes.
 *
 * <p>Usage: {@code KdLossBenchmark <batch sizes, e.g. 8,24> <measured repetitions> <warm-up repetitions>}.
 */
public final class KdLossBenchmark {

    /** (channels, side) of x2..x5, u1..u3 and the teacher u4 of UNet_hd, width 64, at 224². */
    private static final int[][] ENCODER = {{128, 112}, {256, 56}, {512, 28}, {512, 14}};
    private static final int[][] DECODER = {{256, 28}, {128, 56}, {64, 112}};
    private static final int[] TEACHER = {64, 224};

    private KdLossBenchmark() {
    }

    public static void main(String[] args) {
        int[] batches = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int repetitions = Integer.parseInt(args[1]);
        int warmUp = Integer.parseInt(args[2]);
        // λ = 1 for both terms: the cost does not depend on the weight, only on which terms are computed.
        SelfRegLoss loss = new SelfRegLoss(1, 1, new RandomChannelSampler(new Random(1234)));
        System.out.println("| engine | batch | KD loss forward + backward, median ms |");
        System.out.println("|---|---|---:|");
        for (int batch : batches) {
            long[] nanos = new long[warmUp + repetitions];
            try (NDManager root = NDManager.newBaseManager()) {
                for (int r = 0; r < nanos.length; r++) {
                    try (NDManager step = root.newSubManager()) {
                        FeatureTaps taps = randomTaps(step, batch);
                        long start = System.nanoTime();
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            collector.backward(loss.compute(taps).total());
                        }
                        nanos[r] = System.nanoTime() - start;
                    }
                }
            }
            long[] measured = Arrays.copyOfRange(nanos, warmUp, nanos.length);
            Arrays.sort(measured);
            System.out.printf("| DJL 0.33 / libtorch 2.5.1 | %d | %.0f |%n", batch,
                    measured[measured.length / 2] / 1e6);
        }
    }

    private static FeatureTaps randomTaps(NDManager manager, int batch) {
        return new FeatureTaps(manager.zeros(new Shape(batch, 9, TEACHER[1], TEACHER[1])),
                randomMaps(manager, batch, ENCODER), randomMaps(manager, batch, DECODER),
                randomMap(manager, batch, TEACHER));
    }

    private static List<NDArray> randomMaps(NDManager manager, int batch, int[][] shapes) {
        List<NDArray> maps = new ArrayList<>();
        for (int[] shape : shapes) {
            maps.add(randomMap(manager, batch, shape));
        }
        return maps;
    }

    private static NDArray randomMap(NDManager manager, int batch, int[] channelsAndSide) {
        NDArray map = manager.randomNormal(new Shape(batch, channelsAndSide[0], channelsAndSide[1], channelsAndSide[1]));
        map.setRequiresGradient(true);
        return map;
    }
}
