package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import org.selfreg.model.swin.Mlp;
import org.selfreg.model.swin.TokenLayerNorm;

import java.util.Arrays;

/**
 * {@code Block_ViT} (McGregorWwww/UCTransNet nets/CTrans.py), one CTrans layer over the four level token arrays:
 * LayerNorm per level and over their concatenation, {@link ChannelCrossAttention}, residual; then per level LayerNorm,
 * MLP (x4, GELU) and residual. LayerNorms use eps 1e-6. Children follow the state-dict order: attn_norm1..4,
 * attn_norm, channel_attn, ffn_norm1..4, ffn1..4.
 */
final class TransformerLayer extends AbstractBlock {

    static final float LAYER_NORM_EPSILON = 1e-6f;
    /** {@code Mlp._init_weights}: normal biases of this deviation (weights are Xavier-uniform). */
    private static final float MLP_BIAS_STD = 1e-6f;

    private final int[] widths;
    private final Block[] attentionNorms;
    private final Block concatNorm;
    private final Block attention;
    private final Block[] mlpNorms;
    private final Block[] mlps;

    TransformerLayer(int[] widths, SeededDropout attentionDropout) {
        this.widths = widths.clone();
        int scales = widths.length;
        attentionNorms = new Block[scales];
        for (int i = 0; i < scales; i++) {
            attentionNorms[i] = addChildBlock("attn_norm" + (i + 1), layerNorm(widths[i]));
        }
        concatNorm = addChildBlock("attn_norm", layerNorm(Arrays.stream(widths).sum()));
        attention = addChildBlock("channel_attn",
                new ChannelCrossAttention(widths, attentionDropout, attentionDropout));
        mlpNorms = new Block[scales];
        for (int i = 0; i < scales; i++) {
            mlpNorms[i] = addChildBlock("ffn_norm" + (i + 1), layerNorm(widths[i]));
        }
        mlps = new Block[scales];
        for (int i = 0; i < scales; i++) {
            int hidden = widths[i] * UCTransNetConfig.EXPAND_RATIO;
            mlps[i] = addChildBlock("ffn" + (i + 1), new Mlp(hidden, mlpLinear(hidden), mlpLinear(widths[i])));
        }
    }

    static Block layerNorm(int width) {
        return new TokenLayerNorm(width, LAYER_NORM_EPSILON);
    }

    private static Linear mlpLinear(int units) {
        Linear linear = Blocks.linear(units, true);
        linear.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        linear.setInitializer(new NormalInitializer(MLP_BIAS_STD), Parameter.Type.BIAS);
        return linear;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList attentionInputs = new NDList(widths.length + 1);
        for (int i = 0; i < widths.length; i++) {
            attentionInputs.add(Blocks.apply(attentionNorms[i], ps, inputs.get(i), training));
        }
        attentionInputs.add(Blocks.apply(concatNorm, ps, NDArrays.concat(inputs, 2), training));
        NDList attended = attention.forward(ps, attentionInputs, training);
        NDList outputs = new NDList(widths.length);
        for (int i = 0; i < widths.length; i++) {
            NDArray residual = inputs.get(i).add(attended.get(i));
            NDArray mlp = Blocks.apply(mlps[i], ps, Blocks.apply(mlpNorms[i], ps, residual, training), training);
            outputs.add(mlp.add(residual));
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape first = inputShapes[0];
        Shape concat = new Shape(first.get(0), first.get(1), Arrays.stream(widths).sum());
        Shape[] attentionShapes = Arrays.copyOf(inputShapes, widths.length + 1);
        attentionShapes[widths.length] = concat;
        for (int i = 0; i < widths.length; i++) {
            attentionNorms[i].initialize(manager, dataType, inputShapes[i]);
            mlpNorms[i].initialize(manager, dataType, inputShapes[i]);
            mlps[i].initialize(manager, dataType, inputShapes[i]);
        }
        concatNorm.initialize(manager, dataType, concat);
        attention.initialize(manager, dataType, attentionShapes);
    }
}
