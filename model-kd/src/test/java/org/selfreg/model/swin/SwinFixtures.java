package org.selfreg.model.swin;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The golden files of {@code src/test/python/make_swin_fixtures.py} and the network they were made with. */
final class SwinFixtures {

    /** make_swin_fixtures.py's SMALL network: the lite geometry (224, window 7, heads 3/6/12/24) at embed dim 6. */
    static SwinUNetConfig small(double dropPathRate) {
        return new SwinUNetConfig(1, 4, 224, 4, 6, List.of(2, 2, 2, 2), List.of(3, 6, 12, 24), 7, 4.0, dropPathRate);
    }

    private SwinFixtures() {
    }

    static Path path(String name) {
        URL url = SwinFixtures.class.getResource("/swin/" + name);
        if (url == null) {
            throw new IllegalStateException("fixture swin/" + name + " missing; run src/test/python/make_swin_fixtures.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NDList load(NDManager manager, String name) {
        try (InputStream in = SwinFixtures.class.getResourceAsStream("/swin/" + name)) {
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SMALL network for batch {@code batch}, initialised in {@code manager} and holding weights.npz. */
    static SwinUNet network(NDManager manager, double dropPathRate, int batch) {
        SwinUNet network = new SwinUNet(small(dropPathRate), new Random(42));
        network.initialize(manager, DataType.FLOAT32, new Shape(batch, 1, 224, 224));
        SwinWeights.LoadReport report = SwinWeights.loadInto(network, path("weights.npz"));
        assertEquals(List.of(), report.missing(), "every network parameter is in weights.npz");
        assertEquals(List.of(), report.unexpected(), "every weights.npz array is a network parameter");
        return network;
    }
}
