package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.LayerNorm(dim)} over the last axis of token arrays {@code (B, L, dim)}, eps 1e-5 unless given.
 *
 * <p>DJL's own LayerNorm names its parameters gamma/beta; this one uses PyTorch's names (weight/bias) so that state
 * dicts map onto the network by name.
 */
public final class TokenLayerNorm extends AbstractBlock {

    private static final float DEFAULT_EPSILON = 1e-5f;

    private final float epsilon;
    private final Shape normalized;
    private final Parameter weight;
    private final Parameter bias;

    TokenLayerNorm(int dim) {
        this(dim, DEFAULT_EPSILON);
    }

    /** {@code nn.LayerNorm(dim, eps=epsilon)}. */
    public TokenLayerNorm(int dim, float epsilon) {
        this.epsilon = epsilon;
        normalized = new Shape(dim);
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
                .optShape(normalized).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA)
                .optShape(normalized).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return LayerNorm.layerNorm(x, normalized, ps.getValue(weight, x.getDevice(), training),
                ps.getValue(bias, x.getDevice(), training), epsilon);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
