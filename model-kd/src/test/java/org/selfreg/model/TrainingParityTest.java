package org.selfreg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.selfreg.model.loss.ChannelSampler;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.selfreg.model.testing.Fixtures.load;
import static org.selfreg.model.testing.Fixtures.assertClose;

/**
 * Ten steps of the whole training step (forward, CE + Dice + KD, backward, PyTorch SGD with the poly schedule)
 * against the reference loop of {@code trainer_unet.py} (fixture train_steps.npz: width-4 UNet_hd, 32x32, batch 2,
 * the reference's channel draws replayed).
 */
class TrainingParityTest {

    private static final int STEPS = 10;
    /** Losses and weights, relative to their magnitude (at most 4e-6 seen with any kernel set, see below). */
    private static final double TOLERANCE = 1e-5;
    /**
     * The first convolution's gradient comes out of the whole backward pass, summed over the batch and every pixel,
     * so it carries more rounding relative to its largest element: 3.7e-6 with libtorch's and oneDNN's AVX2 kernels,
     * 8.5e-6 with AVX-512, 9.3e-6 with the plain kernels ({@code ATEN_CPU_CAPABILITY=default},
     * {@code ONEDNN_MAX_CPU_ISA=SSE41}).
     */
    private static final double GRADIENT_TOLERANCE = 3e-5;

    @Test
    void firstConvGradientAndTenSgdStepsMatchTheReference() {
        TrainConfig config = new TrainConfig(0.1, 0.1, 1, 2, 0.01, 0.9, 1e-4, 4, 3, 32, 1, 0.4, 0.6);
        try (NDManager manager = NDManager.newBaseManager();
             TrainingSession session = new TrainingSession(config, STEPS, Device.cpu(), new Random(1))) {
            NDList fixture = load(manager, "train_steps.npz");
            List<Parameter> parameters = session.network().getParameters().values();
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).getArray().set(fixture.get(String.format("init%03d", i)).toByteBuffer());
            }
            int[] draw = {0};
            ChannelSampler replay = (n, k) -> {
                long[] drawn = fixture.get(String.format("draw%03d", draw[0]++)).toLongArray();
                int[] picked = new int[k];
                for (int i = 0; i < k; i++) {
                    picked[i] = Math.toIntExact(drawn[i]);
                }
                return picked;
            };
            TrainingStep step = session.newStep(replay);
            float[] images = fixture.get("images").toFloatArray();
            long[] labels = fixture.get("labels").toLongArray();
            double[] losses = fixture.get("losses").toDoubleArray();
            int pixels = 2 * 32 * 32;
            for (int s = 0; s < STEPS; s++) {
                float[] stepImages = Arrays.copyOfRange(images, s * pixels, (s + 1) * pixels);
                long[] stepLabels = Arrays.copyOfRange(labels, s * pixels, (s + 1) * pixels);
                StepLosses loss = step.run(new Batch(2, 32, stepImages, stepLabels));
                assertClose(losses[s], loss.total(), TOLERANCE, "loss of step " + s);
                if (s == 0) {
                    NDArray gradient = parameters.get(0).getArray().getGradient();
                    assertClose(fixture.get("first_conv_grad"), gradient, GRADIENT_TOLERANCE, "first conv gradient");
                }
            }
            assertEquals(14 * STEPS, draw[0], "two draws per inter_fd term");
            for (int i = 0; i < parameters.size(); i++) {
                assertClose(fixture.get(String.format("final%03d", i)), parameters.get(i).getArray(), TOLERANCE,
                        "parameter " + i + " after " + STEPS + " steps");
            }
        }
    }
}
