package org.selfreg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.testing.Fixtures;
import org.selfreg.model.uctransnet.UCTransNet;
import org.selfreg.model.uctransnet.UCTransNetBackboneFactory;
import org.selfreg.model.uctransnet.UCTransNetConfig;
import org.selfreg.model.unet.SegmentationBackbone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.selfreg.model.testing.Fixtures.assertClose;

/**
 * Ten whole training steps of UCTransNet (forward, 0.4 CE + 0.6 Dice + SelfReg KD, backward, Adam lr 1e-3 with
 * cosine warm restarts T_0 = 10, eta_min = 1e-4 stepped once per one-step epoch: McGregorWwww/UCTransNet's
 * {@code train_model.py}) through {@link TrainingSession} and {@link TrainingStep}, against the PyTorch restatement
 * (fixture uctransnet/train_steps.npz from {@code make_uctransnet_train_fixtures.py}: base width 2, 1 -> 4 classes,
 * 32x32, batch 2, the reference's channel draws replayed). The network is built without dropout, whose torch masks
 * cannot be replayed, through a backbone registered for this test.
 *
 * <p>Tolerances. Adam divides every element's gradient by its own running magnitude, so an element whose gradient is
 * rounding noise moves by about lr in a direction the noise picks: the biases that feed a training-mode BatchNorm
 * (zero gradient in exact arithmetic, so their walks also enter the running means) at once, elements with gradients
 * near Adam's eps or behind the level-1 LayerNorm over 2 channels soon after. The trajectory is then chaotic:
 * PyTorch itself, same script, AVX-512 against AVX2 or plain kernels, agrees on the losses of steps 1-6 to 3e-6 but
 * differs by up to 3e-3 on steps 7-10 and by up to 9e-3 of a parameter's largest element (4e-2 for those biases)
 * after step 10. So the first six losses, which test forward, backward, Adam and the schedule through five updates,
 * are held to 1e-5; later losses to 1e-2; the final parameters to 0.1 of their largest element plus twice the summed
 * rates (two bias walks). Largest errors of this port (AVX-512 / AVX2 / plain kernels): losses of steps 1-6
 * 1.0e-7 / 1.0e-7 / 1.0e-6, of steps 7-10 1.1e-3 / 1.1e-3 / 1.8e-3, parameters 0.134 / 0.134 / within the walk of
 * their largest element (a running mean; 0.082 beyond the walk). The 1e-5 after ten steps is out of reach:
 * the reference does not reproduce itself that closely.
 */
class UCTransNetTrainingParityTest {

    private static final String NO_DROPOUT = "uctransnet-without-dropout";
    private static final int STEPS = 10;
    /** Steps whose losses PyTorch reproduces across its own CPU kernels (see above). */
    private static final int REPRODUCIBLE_STEPS = 6;
    private static final int BATCH = 2;
    private static final int SIZE = 32;
    private static final double TOLERANCE = 1e-5;
    private static final double CHAOTIC_LOSS_TOLERANCE = 1e-2;
    private static final double CHAOTIC_PARAMETER_TOLERANCE = 0.1;

    @Test
    void tenAdamStepsWithCosineWarmRestartsMatchTheReference() {
        Backbones.register(NO_DROPOUT, new WithoutDropout());
        TrainConfig config = new TrainConfig(0.1, 0.1, STEPS, BATCH, 1e-3, 0.9, 0, 2, 4, SIZE, 1, 0.4, 0.6,
                NO_DROPOUT, TrainConfig.ADAM, TrainConfig.NO_PRETRAINED, TrainConfig.COSINE_RESTARTS, 10, 1e-4);
        try (NDManager manager = NDManager.newBaseManager();
             TrainingSession session = new TrainingSession(config, 1, Device.cpu(), new Random(1))) {
            NDList fixture = load(manager);
            List<Parameter> parameters = session.network().getParameters().values();
            float[] init = fixture.get("init").toType(DataType.FLOAT32, false).toFloatArray();
            int offset = 0;
            for (Parameter p : parameters) {
                NDArray array = p.getArray();
                int size = Math.toIntExact(array.size());
                array.set(Arrays.copyOfRange(init, offset, offset + size));
                offset += size;
            }
            assertEquals(init.length, offset, "the fixture's state holds every parameter");
            int[] draws = {0};
            TrainingStep step = session.newStep(Fixtures.replay(fixture, "draw%03d", draws));
            float[] images = fixture.get("images").toFloatArray();
            long[] labels = fixture.get("labels").toType(DataType.INT64, false).toLongArray();
            double[] losses = fixture.get("losses").toDoubleArray();
            double[] rates = fixture.get("rates").toDoubleArray();
            int pixels = BATCH * SIZE * SIZE;
            for (int s = 0; s < STEPS; s++) {
                assertClose(rates[s], session.optimizer().currentLearningRate(), TOLERANCE, "rate of step " + s);
                StepLosses loss = step.run(new Batch(BATCH, SIZE, Arrays.copyOfRange(images, s * pixels,
                        (s + 1) * pixels), Arrays.copyOfRange(labels, s * pixels, (s + 1) * pixels)));
                assertClose(losses[s], loss.total(), s < REPRODUCIBLE_STEPS ? TOLERANCE : CHAOTIC_LOSS_TOLERANCE,
                        "loss of step " + (s + 1));
            }
            assertEquals(14 * STEPS, draws[0], "two draws per inter_fd term, 7 terms per step");
            // Two runs' walks of a bias before BatchNorm (and of the running mean it feeds) part by up to the
            // rates summed twice; everything else by PyTorch's own spread.
            double walk = 2 * Arrays.stream(rates).sum();
            float[] expected = fixture.get("final").toFloatArray();
            offset = 0;
            for (Parameter p : parameters) {
                float[] actual = p.getArray().toFloatArray();
                double difference = 0;
                double scale = 0;
                for (int i = 0; i < actual.length; i++) {
                    difference = Math.max(difference, Math.abs((double) expected[offset + i] - actual[i]));
                    scale = Math.max(scale, Math.abs(expected[offset + i]));
                }
                offset += actual.length;
                assertTrue(difference <= CHAOTIC_PARAMETER_TOLERANCE * scale + walk, "parameter " + p.getName()
                        + " after " + STEPS + " steps differs by " + difference + ", largest element " + scale);
            }
        }
    }

    private static NDList load(NDManager manager) {
        try (InputStream in = UCTransNetTrainingParityTest.class.getResourceAsStream("/uctransnet/train_steps.npz")) {
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code uctransnet} backbone with dropout 0, otherwise the registered one. */
    private static final class WithoutDropout implements BackboneFactory {
        private final BackboneFactory registered = Backbones.factory(UCTransNetBackboneFactory.NAME);

        @Override
        public SegmentationBackbone create(TrainConfig config, Random random) {
            return new UCTransNet(new UCTransNetConfig(1, config.classes(), config.baseWidth(), config.imageSize(), 0,
                    0), random);
        }

        @Override
        public KdRecipe kdRecipe() {
            return registered.kdRecipe();
        }

        @Override
        public KdRecipeOrigin kdRecipeOrigin() {
            return registered.kdRecipeOrigin();
        }

        @Override
        public boolean acceptsImageSize(int size) {
            return registered.acceptsImageSize(size);
        }

        @Override
        public String imageSizeRule() {
            return registered.imageSizeRule();
        }
    }
}
