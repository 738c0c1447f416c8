package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code UpBlock_attention} (McGregorWwww/UCTransNet nets/UCTransNet.py): nearest up-sampling x2 of the map below,
 * the {@link ChannelGate} on the skip, {@code concat(gated skip, up)}, then 2x Conv3x3 (with bias) - BN - ReLU.
 * Input: {@code [map below, skip]}.
 */
final class UpBlock extends AbstractBlock {

    private final int outChannels;
    private final Block gate;
    private final Block convs;

    /** @param inChannels skip plus up-sampled channels (the two are equally wide) */
    UpBlock(int inChannels, int outChannels) {
        this.outChannels = outChannels;
        gate = addChildBlock("coatt", new ChannelGate(inChannels / 2));
        convs = addChildBlock("nConvs", UCTransNet.twoConvs(outChannels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray up = NearestUpsample.by(inputs.get(0), 2);
        NDArray skip = gate.forward(ps, new NDList(up, inputs.get(1)), training).singletonOrThrow();
        return new NDList(Blocks.apply(convs, ps, skip.concat(up, 1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape skip = inputShapes[1];
        return new Shape[] {new Shape(skip.get(0), outChannels, skip.get(2), skip.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape skip = inputShapes[1];
        gate.initialize(manager, dataType, skip, skip);
        convs.initialize(manager, dataType, new Shape(skip.get(0), 2 * skip.get(1), skip.get(2), skip.get(3)));
    }
}
