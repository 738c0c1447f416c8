package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.selfreg.model.testing.Fixtures.load;
import static org.selfreg.model.testing.Fixtures.assertClose;

/** The DJL UNet against the reference UNet_hd with the same weights (fixture: unet_forward.npz, base width 4). */
class UNetParityTest {

    /**
     * Of each tensor's largest magnitude. Seen: at most 6.5e-6 over libtorch's AVX-512, AVX2 and plain kernel sets
     * (ATEN_CPU_CAPABILITY, with and without ONEDNN_MAX_CPU_ISA and MKL_ENABLE_INSTRUCTIONS set alike). Absolute
     * differences grow with the activations: an absolute 1e-5 failed on an AVX2-only AMD EPYC (teacher map, 1.5e-5).
     */
    private static final double TOLERANCE = 1e-5;

    @Test
    void trainAndEvalForwardMatchTheReference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList fixture = load(manager, "unet_forward.npz");
            NDArray input = fixture.get("input");
            UNet unet = new UNet(new UNetConfig(1, 3, 4));
            unet.initialize(manager, DataType.FLOAT32, input.getShape());
            int index = 0;
            for (Pair<String, Parameter> p : unet.getParameters()) {
                NDArray torchValue = fixture.get(String.format("p%03d", index++));
                assertEquals(torchValue.getShape(), p.getValue().getArray().getShape(), p.getKey());
                p.getValue().getArray().set(torchValue.toFloatArray());
            }
            assertNull(fixture.get(String.format("p%03d", index)), "every torch tensor is used");

            ParameterStore parameters = new ParameterStore(manager, false);
            FeatureTaps taps = unet.forwardTaps(parameters, input);
            assertClose(fixture.get("logits"), taps.logits(), TOLERANCE, "logits");
            for (int i = 0; i < 4; i++) {
                assertClose(fixture.get("enc" + i), taps.encoder().get(i), TOLERANCE, "encoder " + i);
            }
            for (int i = 0; i < 3; i++) {
                assertClose(fixture.get("dec" + i), taps.decoder().get(i), TOLERANCE, "decoder " + i);
            }
            assertClose(fixture.get("teacher"), taps.teacher(), TOLERANCE, "teacher");
            // Eval mode uses the running statistics that the train step just updated (torch momentum 0.1).
            assertClose(fixture.get("eval_logits"), unet.forwardLogits(parameters, input), TOLERANCE, "eval logits");
        }
    }
}
