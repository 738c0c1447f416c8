package org.selfreg.model.swin;

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
 * {@code PatchExpand} (scale 2, C to C/2) and {@code FinalPatchExpand_X4} (scale 4, C to C): Linear without bias to
 * {@code scale^2 * outDim} channels, rearranged {@code b h w (p1 p2 c) -> b (h p1) (w p2) c}, then LN(outDim).
 *
 * <p>Tokens {@code (B, side^2, inDim)} in, {@code (B, (scale*side)^2, outDim)} out.
 */
final class PatchExpand extends AbstractBlock {

    private final int side;
    private final int scale;
    private final int outDim;
    private final Block expand;
    private final Block norm;

    private PatchExpand(int side, int scale, int outDim) {
        this.side = side;
        this.scale = scale;
        this.outDim = outDim;
        expand = addChildBlock("expand", Layers.linear((long) scale * scale * outDim, false));
        norm = addChildBlock("norm", new TokenLayerNorm(outDim));
    }

    /** {@code PatchExpand(dim, dim_scale=2)}: twice the side, half the channels. */
    static PatchExpand doubling(int side, int dim) {
        return new PatchExpand(side, 2, dim / 2);
    }

    /** {@code FinalPatchExpand_X4(dim)}: four times the side, same channels. */
    static PatchExpand finalX4(int side, int dim) {
        return new PatchExpand(side, 4, dim);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        NDArray expanded = Layers.apply(expand, ps, x, training)
                .reshape(batch, side, side, scale, scale, outDim).transpose(0, 1, 3, 2, 4, 5)
                .reshape(batch, outTokens(), outDim);
        return new NDList(Layers.apply(norm, ps, expanded, training));
    }

    private long outTokens() {
        long outSide = (long) side * scale;
        return outSide * outSide;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outTokens(), outDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        expand.initialize(manager, dataType, inputShapes[0]);
        norm.initialize(manager, dataType, getOutputShapes(inputShapes)[0]);
    }
}
