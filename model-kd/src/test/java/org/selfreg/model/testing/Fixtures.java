package org.selfreg.model.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the golden fixtures written by {@code src/test/python/make_kd_fixtures.py}. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Loads {@code fixtures/<name>} from the test class path, keeping the npz key names. */
    public static NDList load(NDManager manager, String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " missing; run src/test/python/make_kd_fixtures.py");
            }
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Largest absolute element-wise difference. */
    public static double maxAbsDiff(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        if (x.length != y.length) {
            throw new AssertionError("shapes differ: " + a.getShape() + " vs " + b.getShape());
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        return max;
    }

    /** A float64 scalar stored by numpy. */
    public static double scalar(NDList list, String key) {
        return list.get(key).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }
}
