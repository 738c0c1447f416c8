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
 * {@code PatchMerging}: each 2x2 neighbourhood concatenated in the reference order
 * {@code [x(0::2,0::2) | x(1::2,0::2) | x(0::2,1::2) | x(1::2,1::2)]}, then LN(4C) and Linear(4C, 2C) without bias.
 *
 * <p>Tokens {@code (B, side^2, C)} in, {@code (B, (side/2)^2, 2C)} out.
 */
final class PatchMerging extends AbstractBlock {

    private final int side;
    private final int dim;
    private final Block reduction;
    private final Block norm;

    PatchMerging(int side, int dim) {
        this.side = side;
        this.dim = dim;
        // Registered in the reference's order (reduction, then norm) so parameter lists line up with torch's.
        reduction = addChildBlock("reduction", Layers.linear(2L * dim, false));
        norm = addChildBlock("norm", new TokenLayerNorm(4 * dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        int half = side / 2;
        // (B, i, p, j, q, C) holds x[2i+p, 2j+q]; the reference's order of the four is q-major: (p,q) = 00, 10, 01, 11.
        NDArray merged = x.reshape(batch, half, 2, half, 2, dim).transpose(0, 1, 3, 4, 2, 5)
                .reshape(batch, (long) half * half, 4L * dim);
        return new NDList(Layers.apply(reduction, ps, Layers.apply(norm, ps, merged, training), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long half = side / 2;
        return new Shape[] {new Shape(inputShapes[0].get(0), half * half, 2L * dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long half = side / 2;
        Shape merged = new Shape(inputShapes[0].get(0), half * half, 4L * dim);
        reduction.initialize(manager, dataType, merged);
        norm.initialize(manager, dataType, merged);
    }
}
