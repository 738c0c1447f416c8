package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The golden files of {@code src/test/python/make_uctransnet_fixtures.py} and the network they were made with. */
final class UCTransNetFixtures {

    /** make_uctransnet_fixtures.py's SMALL network: base width 2, 3 -> 4 classes, 32x32 (4 tokens per level). */
    static final int BATCH = 2;
    static final int SIZE = 32;

    private UCTransNetFixtures() {
    }

    static UCTransNetConfig small(double dropout) {
        return new UCTransNetConfig(3, 4, 2, SIZE, dropout, dropout);
    }

    static NDList load(NDManager manager, String name) {
        try (InputStream in = UCTransNetFixtures.class.getResourceAsStream("/uctransnet/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture uctransnet/" + name
                        + " missing; run src/test/python/make_uctransnet_fixtures.py");
            }
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The SMALL network initialised in {@code manager} holding weights.npz: the state dict (running statistics
     * included) maps onto the parameters by position, which checks the registration order, and shape by shape.
     */
    static UCTransNet network(NDManager manager, double dropout) {
        UCTransNet network = new UCTransNet(small(dropout), new Random(42));
        network.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 3, SIZE, SIZE));
        NDList weights = load(manager, "weights.npz");
        List<Parameter> parameters = network.getParameters().values();
        assertEquals(weights.size(), parameters.size(), "state-dict entries vs DJL parameters");
        for (int i = 0; i < parameters.size(); i++) {
            NDArray target = parameters.get(i).getArray();
            NDArray source = weights.get(i);
            assertEquals(source.getShape(), target.getShape(), "parameter " + i + " (" + source.getName() + ")");
            target.set(source.toByteBuffer());
        }
        return network;
    }
}
