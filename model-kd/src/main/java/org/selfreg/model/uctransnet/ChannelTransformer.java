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

import java.util.Random;

/**
 * CTrans, {@code ChannelTransformer} with its {@code Encoder} (McGregorWwww/UCTransNet nets/CTrans.py): the skips
 * x1..x4 become tokens ({@link ChannelEmbeddings}, patches 16, 8, 4, 2), pass {@link UCTransNetConfig#LAYERS}
 * {@link TransformerLayer}s and a final LayerNorm per level, and are {@link Reconstruct}ed and added to the skips.
 * Children follow the state-dict order: embeddings_1..4, encoder.layer.0..3, encoder.encoder_norm1..4,
 * reconstruct_1..4.
 */
final class ChannelTransformer extends AbstractBlock {

    private final int[] widths;
    private final Block[] embeddings = new Block[UCTransNetConfig.SCALES];
    private final Block[] layers = new Block[UCTransNetConfig.LAYERS];
    private final Block[] encoderNorms = new Block[UCTransNetConfig.SCALES];
    private final Block[] reconstructs = new Block[UCTransNetConfig.SCALES];

    ChannelTransformer(UCTransNetConfig config, Random random) {
        widths = config.skipWidths();
        SeededDropout embeddingDropout = new SeededDropout(config.embeddingDropout(), random);
        SeededDropout attentionDropout = new SeededDropout(config.attentionDropout(), random);
        for (int i = 0; i < UCTransNetConfig.SCALES; i++) {
            embeddings[i] = addChildBlock("embeddings_" + (i + 1), new ChannelEmbeddings(widths[i],
                    UCTransNetConfig.PATCH_SIZES[i], config.tokenSide(), embeddingDropout));
        }
        for (int l = 0; l < UCTransNetConfig.LAYERS; l++) {
            layers[l] = addChildBlock("layer_" + l, new TransformerLayer(widths, attentionDropout));
        }
        for (int i = 0; i < UCTransNetConfig.SCALES; i++) {
            encoderNorms[i] = addChildBlock("encoder_norm" + (i + 1), TransformerLayer.layerNorm(widths[i]));
        }
        for (int i = 0; i < UCTransNetConfig.SCALES; i++) {
            reconstructs[i] = addChildBlock("reconstruct_" + (i + 1),
                    new Reconstruct(widths[i], UCTransNetConfig.PATCH_SIZES[i]));
        }
    }

    /** Input: the skips x1..x4; output: each skip plus its reconstruction. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList tokens = new NDList(widths.length);
        for (int i = 0; i < widths.length; i++) {
            tokens.add(Blocks.apply(embeddings[i], ps, inputs.get(i), training));
        }
        for (Block layer : layers) {
            tokens = layer.forward(ps, tokens, training);
        }
        NDList skips = new NDList(widths.length);
        for (int i = 0; i < widths.length; i++) {
            NDArray normed = Blocks.apply(encoderNorms[i], ps, tokens.get(i), training);
            skips.add(Blocks.apply(reconstructs[i], ps, normed, training).add(inputs.get(i)));
        }
        return skips;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] tokenShapes = new Shape[widths.length];
        for (int i = 0; i < widths.length; i++) {
            embeddings[i].initialize(manager, dataType, inputShapes[i]);
            tokenShapes[i] = embeddings[i].getOutputShapes(new Shape[] {inputShapes[i]})[0];
            encoderNorms[i].initialize(manager, dataType, tokenShapes[i]);
            reconstructs[i].initialize(manager, dataType, tokenShapes[i]);
        }
        for (Block layer : layers) {
            layer.initialize(manager, dataType, tokenShapes);
        }
    }
}
