package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code Mlp}: Linear(dim, hidden) - GELU (exact, erf form, as torch's default) - Linear(hidden, dim); dropout 0. */
public final class Mlp extends AbstractBlock {

    private final int hidden;
    private final Block fc1;
    private final Block fc2;

    Mlp(int dim, int hidden) {
        this(hidden, Layers.linear(hidden, true), Layers.linear(dim, true));
    }

    /** An MLP whose layers (hidden units, then the model width) the caller built and set the initialisers of. */
    public Mlp(int hidden, Block fc1, Block fc2) {
        this.hidden = hidden;
        this.fc1 = addChildBlock("fc1", fc1);
        this.fc2 = addChildBlock("fc2", fc2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = Activation.gelu(Layers.apply(fc1, ps, inputs.singletonOrThrow(), training));
        return new NDList(Layers.apply(fc2, ps, h, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        fc1.initialize(manager, dataType, in);
        fc2.initialize(manager, dataType, in.slice(0, in.dimension() - 1).add(hidden));
    }
}
