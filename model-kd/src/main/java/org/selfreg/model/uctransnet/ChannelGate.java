package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.selfreg.model.nd.LibtorchArrays;

/**
 * {@code CCA} (McGregorWwww/UCTransNet nets/UCTransNet.py): a channel gate on the skip. The global means of the skip
 * and of the up-sampled map each pass a Linear(C, C) with bias ({@code mlp_x}, {@code mlp_g}); the sigmoid of their
 * average scales the skip's channels, and a ReLU follows. Input: {@code [up-sampled map, skip]}; output: the gated
 * skip.
 */
final class ChannelGate extends AbstractBlock {

    private final Block skipMlp;
    private final Block upMlp;

    ChannelGate(int channels) {
        skipMlp = addChildBlock("mlp_x", Blocks.linear(channels, true));
        upMlp = addChildBlock("mlp_g", Blocks.linear(channels, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray up = inputs.get(0);
        NDArray skip = inputs.get(1);
        NDArray fromSkip = Blocks.apply(skipMlp, ps, Pool.globalAvgPool2d(skip), training);
        NDArray fromUp = Blocks.apply(upMlp, ps, Pool.globalAvgPool2d(up), training);
        NDArray sum = fromSkip.add(fromUp);
        // The divisor in libtorch's memory: the division keeps it for the backward pass (LibtorchArrays).
        NDArray average = sum.div(LibtorchArrays.scalar(sum.getManager(), 2, sum.getDataType()));
        NDArray gate = Activation.sigmoid(average).expandDims(2).expandDims(3);
        return new NDList(Activation.relu(skip.mul(gate)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pooled = new Shape(inputShapes[1].get(0), inputShapes[1].get(1));
        skipMlp.initialize(manager, dataType, pooled);
        upMlp.initialize(manager, dataType, pooled);
    }
}
