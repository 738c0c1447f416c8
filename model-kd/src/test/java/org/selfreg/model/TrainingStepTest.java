package org.selfreg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.selfreg.model.augment.Slice;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStepTest {

    private static final int SIZE = 32;

    @Test
    void stepsLeaveNoArraysBehind() {
        TrainConfig config = new TrainConfig(0.1, 0.1, 1, 2, 0.01, 0.9, 1e-4, 4, 3, SIZE, 5, 0.4, 0.6);
        try (TrainingSession session = new TrainingSession(config, 10, Device.cpu(), new Random(5))) {
            TrainingStep step = session.newStep(new Random(1));
            Batch batch = Batch.of(randomSlices(2, new Random(2)), 1, SIZE);
            step.run(batch);
            int trainerArrays = session.trainer().getManager().getManagedArrays().size();
            int modelArrays = session.model().getNDManager().getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                step.run(batch);
            }
            assertEquals(trainerArrays, session.trainer().getManager().getManagedArrays().size());
            assertEquals(modelArrays, session.model().getNDManager().getManagedArrays().size());
        }
    }

    /**
     * PyTorch zeroes gradients before every backward pass; a step must not see the previous step's gradient. With
     * momentum 0 and no decay the update is {@code -lr * grad}, so equal batches on equal weights give equal updates
     * only if gradients do not accumulate.
     */
    @Test
    void gradientsDoNotAccumulateAcrossSteps() {
        TrainConfig config = new TrainConfig(0.0, 0.0, 1, 2, 1e-3, 0.0, 0.0, 4, 3, SIZE, 5, 0.4, 0.6);
        try (TrainingSession session = new TrainingSession(config, 1000, Device.cpu(), new Random(5))) {
            TrainingStep step = session.newStep(new Random(1));
            Batch batch = Batch.of(randomSlices(2, new Random(3)), 1, SIZE);
            float[] before = firstWeight(session);
            step.run(batch);
            float[] afterOne = firstWeight(session);
            step.run(batch);
            float[] afterTwo = firstWeight(session);
            double first = 0;
            double second = 0;
            for (int i = 0; i < before.length; i++) {
                first += Math.abs(afterOne[i] - before[i]);
                second += Math.abs(afterTwo[i] - afterOne[i]);
            }
            assertTrue(first > 0);
            assertTrue(second < 1.5 * first, "second update " + second + " vs first " + first
                    + ": an accumulated gradient would be about twice as large");
        }
    }

    private static float[] firstWeight(TrainingSession session) {
        for (Pair<String, Parameter> p : session.network().getParameters()) {
            NDArray array = p.getValue().getArray();
            return array.toFloatArray();
        }
        throw new AssertionError("network has no parameters");
    }

    private static List<Slice> randomSlices(int count, Random random) {
        List<Slice> slices = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[] image = new float[SIZE * SIZE];
            byte[] label = new byte[SIZE * SIZE];
            for (int i = 0; i < image.length; i++) {
                label[i] = (byte) random.nextInt(3);
                image[i] = label[i] * 0.3f + (float) random.nextGaussian() * 0.05f;
            }
            slices.add(new Slice(SIZE, SIZE, image, label));
        }
        return slices;
    }
}
