package org.selfreg.model.loss;

import ai.djl.ndarray.NDArray;
import org.selfreg.model.nd.LibtorchArrays;

/** Means that DJL's PyTorch engine lacks: {@code mean(int[])} throws for more than one axis. */
final class Reductions {

    private Reductions() {
    }

    /** Mean over the given axes, as a sum divided by the number of reduced elements. */
    static NDArray meanOver(NDArray x, int... axes) {
        long count = 1;
        for (int axis : axes) {
            count *= x.getShape().get(axis);
        }
        return x.sum(axes).div(LibtorchArrays.scalar(x.getManager(), count));
    }

    /** Mean squared error over all elements, as {@code F.mse_loss} with reduction 'mean'. */
    static NDArray mse(NDArray a, NDArray b) {
        return a.sub(b).square().mean();
    }
}
