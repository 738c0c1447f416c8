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
import org.selfreg.model.nd.LibtorchArrays;

/**
 * {@code SwinTransformerBlock}: pre-norm (S)W-MSA and MLP, each added back through drop path.
 *
 * <p>Input and output: tokens {@code (B, side*side, dim)}.
 */
final class SwinBlock extends AbstractBlock {

    private final WindowGeometry geometry;
    private final float[] mask;
    private final DropPath dropPath;
    private final Block norm1;
    private final Block attn;
    private final Block norm2;
    private final Block mlp;

    SwinBlock(int dim, int heads, WindowGeometry geometry, double mlpRatio, DropPath dropPath) {
        this.geometry = geometry;
        this.mask = geometry.attentionMask();
        this.dropPath = dropPath;
        norm1 = addChildBlock("norm1", new TokenLayerNorm(dim));
        attn = addChildBlock("attn", new WindowAttention(dim, heads, geometry));
        norm2 = addChildBlock("norm2", new TokenLayerNorm(dim));
        mlp = addChildBlock("mlp", new Mlp(dim, (int) (dim * mlpRatio)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long batch = shape.get(0);
        int side = geometry.side();
        NDArray grid = Layers.apply(norm1, ps, x, training).reshape(batch, side, side, shape.get(2));
        NDArray shifted = geometry.shift() > 0 ? geometry.roll(grid, -geometry.shift()) : grid;
        NDList attnInput = new NDList(geometry.partition(shifted));
        if (mask != null) {
            attnInput.add(LibtorchArrays.floats(x.getManager(), mask, geometry.maskShape()));
        }
        NDArray attended = geometry.reverse(attn.forward(ps, attnInput, training).singletonOrThrow(), batch);
        NDArray unshifted = geometry.shift() > 0 ? geometry.roll(attended, geometry.shift()) : attended;
        NDArray h = x.add(dropPath.apply(unshifted.reshape(shape), training));
        NDArray mlpOut = Layers.apply(mlp, ps, Layers.apply(norm2, ps, h, training), training);
        return new NDList(h.add(dropPath.apply(mlpOut, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        norm1.initialize(manager, dataType, tokens);
        attn.initialize(manager, dataType, new Shape(tokens.get(0) * geometry.windows(), geometry.tokens(),
                tokens.get(2)));
        norm2.initialize(manager, dataType, tokens);
        mlp.initialize(manager, dataType, tokens);
    }
}
