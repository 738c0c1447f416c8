package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.Random;
import org.selfreg.model.nd.LibtorchArrays;

/**
 * timm's {@code DropPath} (stochastic depth): in training, each sample's residual branch is dropped with probability
 * {@code rate} and kept ones are scaled by {@code 1 / (1 - rate)}; the identity at evaluation.
 *
 * <p>The keep/drop draws come from an injected {@link Random}, so a seeded run is reproducible.
 */
final class DropPath {

    private final double rate;
    private final Random random;

    DropPath(double rate, Random random) {
        this.rate = rate;
        this.random = random;
    }

    /** Applies the per-sample mask to a branch {@code (B, L, C)}. */
    NDArray apply(NDArray branch, boolean training) {
        if (!training || rate == 0) {
            return branch;
        }
        int batch = Math.toIntExact(branch.getShape().get(0));
        float keep = (float) (1 - rate);
        float[] scale = new float[batch];
        for (int i = 0; i < batch; i++) {
            scale[i] = random.nextDouble() < keep ? 1f / keep : 0f;
        }
        return branch.mul(LibtorchArrays.floats(branch.getManager(), scale, new Shape(batch, 1, 1)));
    }
}
