package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** {@code nn.Upsample(scale_factor=f)} (mode nearest) by an integer factor: every pixel becomes an f x f block. */
final class NearestUpsample {

    private NearestUpsample() {
    }

    static NDArray by(NDArray x, int factor) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(n, c, h, 1, w, 1).broadcast(new Shape(n, c, h, factor, w, factor))
                .reshape(n, c, h * factor, w * factor);
    }
}
