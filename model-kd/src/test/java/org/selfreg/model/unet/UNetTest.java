package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UNetTest {

    @Test
    void referenceWidthHasTheParameterCountOfUNetHd() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet unet = new UNet(UNetConfig.reference());
            unet.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));
            long trainable = 0;
            for (Pair<String, Parameter> p : unet.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    trainable += p.getValue().getArray().size();
                }
            }
            assertEquals(17_262_345L, trainable);
        }
    }

    @Test
    void trainingForwardReturnsTheTapsOfUNetHd() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet unet = new UNet(new UNetConfig(1, 3, 4));
            unet.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 32, 32));
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 1, 32, 32));
            FeatureTaps taps = unet.forwardTaps(new ParameterStore(manager, false), x);

            assertEquals(new Shape(2, 3, 32, 32), taps.logits().getShape());
            assertEquals(List.of(new Shape(2, 8, 16, 16), new Shape(2, 16, 8, 8), new Shape(2, 32, 4, 4),
                    new Shape(2, 32, 2, 2)), taps.encoder().stream().map(NDArray::getShape).toList());
            assertEquals(List.of(new Shape(2, 16, 4, 4), new Shape(2, 8, 8, 8), new Shape(2, 4, 16, 16)),
                    taps.decoder().stream().map(NDArray::getShape).toList());
            assertEquals(new Shape(2, 4, 32, 32), taps.teacher().getShape());
            Shape[] declared = unet.getOutputShapes(new Shape[] {new Shape(2, 1, 32, 32)});
            assertEquals(taps.logits().getShape(), declared[0]);
            assertEquals(taps.teacher().getShape(), declared[8]);
        }
    }

    @Test
    void evalForwardReturnsLogitsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet unet = new UNet(new UNetConfig(1, 3, 4));
            unet.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
            NDList out = unet.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(new Shape(1, 1, 32, 32))), false);
            assertEquals(1, out.size());
            assertEquals(new Shape(1, 3, 32, 32), out.singletonOrThrow().getShape());
        }
    }

    @Test
    void rejectsSizesThatFourPoolingsCannotHalve() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet unet = new UNet(new UNetConfig(1, 3, 4));
            assertThrows(IllegalArgumentException.class,
                    () -> unet.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 24, 32)));
        }
    }
}
