package org.selfreg.model.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.selfreg.model.loss.ChannelSampler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the golden fixtures written by the {@code src/test/python/make_*_fixtures.py} scripts. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Loads {@code fixtures/<name>} from the test class path, keeping the npz key names. */
    public static NDList load(NDManager manager, String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " missing; run the src/test/python/make_*_fixtures.py"
                        + " script that writes it");
            }
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Largest absolute element-wise difference, relative to the largest magnitude of {@code expected}. Parity
     * tolerances are stated this way because libtorch picks its CPU kernels by processor (AVX-512, AVX2, plain): the
     * rounding of a float32 sum differs between them in proportion to the magnitude summed, not by a fixed amount.
     */
    public static double relativeError(NDArray expected, NDArray actual) {
        if (!expected.getShape().equals(actual.getShape())) {
            throw new AssertionError("shapes differ: " + expected.getShape() + " vs " + actual.getShape());
        }
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < e.length; i++) {
            diff = Math.max(diff, Math.abs((double) e[i] - a[i]));
            scale = Math.max(scale, Math.abs(e[i]));
        }
        return diff / Math.max(scale, Double.MIN_NORMAL);
    }

    /** Fails unless {@link #relativeError} is below {@code tolerance}, naming {@code what} and the error. */
    public static void assertClose(NDArray expected, NDArray actual, double tolerance, String what) {
        double error = relativeError(expected, actual);
        if (!(error < tolerance)) {
            throw new AssertionError(what + " differs by " + error + " of its largest value (tolerance " + tolerance
                    + ")");
        }
    }

    /** Fails unless {@code actual} is within {@code tolerance} of {@code expected}, relative to its magnitude. */
    public static void assertClose(double expected, double actual, double tolerance, String what) {
        double error = Math.abs(expected - actual) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
        if (!(error < tolerance)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual + ", relative error " + error
                    + " (tolerance " + tolerance + ")");
        }
    }

    /**
     * A channel sampler replaying the reference's recorded {@code random.sample} draws, stored under
     * {@code String.format(keyFormat, call)}; {@code calls[0]} counts the calls.
     */
    public static ChannelSampler replay(NDList fixture, String keyFormat, int[] calls) {
        return (n, k) -> {
            long[] drawn = fixture.get(String.format(keyFormat, calls[0]++)).toLongArray();
            if (drawn.length != k) {
                throw new AssertionError("draw " + (calls[0] - 1) + " holds " + drawn.length + " channels, " + k
                        + " requested");
            }
            int[] picked = new int[k];
            for (int i = 0; i < k; i++) {
                picked[i] = Math.toIntExact(drawn[i]);
            }
            return picked;
        };
    }

    /** A float64 scalar stored by numpy. */
    public static double scalar(NDList list, String key) {
        return list.get(key).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }
}
