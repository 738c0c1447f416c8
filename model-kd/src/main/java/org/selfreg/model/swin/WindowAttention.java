package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.selfreg.model.nd.LibtorchArrays;

/**
 * {@code WindowAttention}: multi-head self-attention inside each window with a learned relative position bias
 * (table of {@code (2w-1)^2 x heads}), qkv bias, scale {@code head_dim^-0.5}, and the SW-MSA mask when given.
 *
 * <p>Input: windows {@code (B*nW, N, C)} and, for SW-MSA, the mask {@code (nW, N, N)}; output like the windows.
 */
final class WindowAttention extends AbstractBlock {

    private final int dim;
    private final int heads;
    private final float scale;
    private final long[] relativeIndex;
    private final int tokens;
    private final Parameter biasTable;
    private final Block qkv;
    private final Block proj;

    WindowAttention(int dim, int heads, WindowGeometry geometry) {
        this.dim = dim;
        this.heads = heads;
        this.scale = (float) Math.pow((double) (dim / heads), -0.5);
        this.relativeIndex = geometry.relativePositionIndex();
        this.tokens = geometry.tokens();
        int span = 2 * geometry.window() - 1;
        biasTable = addParameter(Parameter.builder().setName("relative_position_bias_table")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape((long) span * span, heads))
                .optInitializer(new NormalInitializer(Layers.WEIGHT_STD)).build());
        qkv = addChildBlock("qkv", Layers.linear(3L * dim, true));
        proj = addChildBlock("proj", Layers.linear(dim, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long b = x.getShape().get(0);
        NDArray qkvOut = Layers.apply(qkv, ps, x, training)
                .reshape(b, tokens, 3, heads, dim / heads).transpose(2, 0, 3, 1, 4);
        NDArray q = qkvOut.get(0).mul(LibtorchArrays.scalar(x.getManager(), scale));
        NDArray k = qkvOut.get(1);
        NDArray v = qkvOut.get(2);
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).add(relativeBias(ps, x, training));
        if (inputs.size() > 1) {
            NDArray mask = inputs.get(1);
            long windows = mask.getShape().get(0);
            attn = attn.reshape(b / windows, windows, heads, tokens, tokens)
                    .add(mask.reshape(1, windows, 1, tokens, tokens))
                    .reshape(b, heads, tokens, tokens);
        }
        NDArray out = attn.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, tokens, dim);
        return new NDList(Layers.apply(proj, ps, out, training));
    }

    /** The bias {@code (heads, N, N)} gathered from the table; moved to the input's manager so no step leaks it. */
    private NDArray relativeBias(ParameterStore ps, NDArray x, boolean training) {
        NDArray table = ps.getValue(biasTable, x.getDevice(), training);
        NDArray gathered = table.get(new NDIndex("{}", LibtorchArrays.longs(x.getManager(), relativeIndex)));
        // The result of an op joins its first operand's manager: here the model's, which lives for the whole run.
        gathered.attach(x.getManager());
        return gathered.reshape(tokens, tokens, heads).transpose(2, 0, 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape windows = inputShapes[0];
        qkv.initialize(manager, dataType, windows);
        proj.initialize(manager, dataType, windows);
    }
}
