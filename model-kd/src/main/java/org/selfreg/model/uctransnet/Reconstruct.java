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
import org.selfreg.model.unet.ConvLayers;

/**
 * {@code Reconstruct} (McGregorWwww/UCTransNet nets/CTrans.py): tokens {@code (B, side^2, C)} back to the map
 * {@code (B, C, side, side)}, nearest up-sampling by the patch size to the skip's resolution, then
 * Conv1x1 (with bias) - BN - ReLU. The caller adds the skip.
 */
final class Reconstruct extends AbstractBlock {

    private final int channels;
    private final int patch;
    private final Block convBnRelu;

    Reconstruct(int channels, int patch) {
        this.channels = channels;
        this.patch = patch;
        convBnRelu = addChildBlock("conv_norm",
                ConvLayers.addConvBnRelu(ConvLayers.releasingSequence(), 1, channels, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray tokens = inputs.singletonOrThrow();
        NDArray map = Blocks.toMap(tokens, side(tokens.getShape()));
        return new NDList(Blocks.apply(convBnRelu, ps, NearestUpsample.by(map, patch), training));
    }

    private static long side(Shape tokens) {
        return Math.round(Math.sqrt(tokens.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long mapSide = side(in) * patch;
        return new Shape[] {new Shape(in.get(0), channels, mapSide, mapSide)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        convBnRelu.initialize(manager, dataType, getOutputShapes(inputShapes)[0]);
    }
}
