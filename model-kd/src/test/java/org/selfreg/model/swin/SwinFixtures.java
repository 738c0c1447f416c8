package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Largest absolute difference relative to the largest magnitude of {@code expected}. */
    static double relativeError(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < e.length; i++) {
            diff = Math.max(diff, Math.abs((double) e[i] - a[i]));
            scale = Math.max(scale, Math.abs(e[i]));
        }
        return diff / Math.max(scale, 1e-30);
    }

    static void assertClose(NDArray expected, NDArray actual, double tolerance, String what) {
        double error = relativeError(expected, actual);
        assertTrue(error < tolerance, what + " differs by " + error + " of its largest value");
    }
}
