package org.selfreg.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Channel selections of a feature map {@code (B, C, H, W)} that gradient flows through, as products with one-hot
 * matrices.
 *
 * <p>DJL's PyTorch engine indexes with {@code Tensor.index}, whose backward is an accumulating {@code index_put_}: on
 * CPU an element-by-element add that must guard against repeated indices. {@code index_select}, which the reference
 * calls, is not exposed. A product with a matrix of ones and zeros picks exactly the same values (every output is
 * {@code 1·x} plus exact zeros, or {@code x − y} rounded once), and its backward is another product on every core. The
 * SelfReg loss of UNet_hd at 224², forward and backward, batch 8: 1,217 ms with indexes, 789 ms with products,
 * 1,182-1,257 ms in the reference PyTorch ({@code ./bench/run kd}, BENCHMARKS.md).
 */
final class ChannelSelection {

    private ChannelSelection() {
    }

    /** {@code x[:, channels]} flattened to {@code (B, channels.length, H·W)}. */
    static NDArray select(NDArray x, NDArray channels) {
        return identity(x).get(rows(channels)).matMul(flatten(x));
    }

    /** {@code x[:, plus] − x[:, minus]} flattened to {@code (B, plus.length, H·W)}: paired channels' differences. */
    static NDArray difference(NDArray x, NDArray plus, NDArray minus) {
        NDArray identity = identity(x);
        NDArray pairs = identity.get(rows(plus)).sub(identity.get(rows(minus)));
        return pairs.matMul(flatten(x));
    }

    /**
     * {@code eye(C)} for {@code x}'s channels, in {@code x}'s type (matMul does not promote): its rows picked by index
     * are the one-hot rows.
     */
    private static NDArray identity(NDArray x) {
        int channels = (int) x.getShape().get(1);
        return x.getManager().eye(channels, channels, 0, x.getDataType());
    }

    private static NDIndex rows(NDArray indices) {
        return new NDIndex("{}", indices);
    }

    private static NDArray flatten(NDArray x) {
        Shape shape = x.getShape();
        return x.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3));
    }
}
