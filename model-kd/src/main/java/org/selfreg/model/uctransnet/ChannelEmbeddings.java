package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.Random;

/**
 * {@code Channel_Embeddings} (McGregorWwww/UCTransNet nets/CTrans.py): a Conv(C, C, kernel = stride = patch) with
 * bias, flattened to tokens {@code (B, side^2, C)}, plus learned position embeddings (zero-initialised), then dropout.
 * The position embeddings are this block's own parameter, so they come before the convolution's, as in the state dict.
 */
final class ChannelEmbeddings extends AbstractBlock {

    private final int patch;
    private final Parameter position;
    private final Block patchEmbeddings;
    private final SeededDropout dropout;

    ChannelEmbeddings(int channels, int patch, int tokenSide, SeededDropout dropout) {
        this.patch = patch;
        this.dropout = dropout;
        position = addParameter(Parameter.builder().setName("position_embeddings").setType(Parameter.Type.OTHER)
                .optShape(Blocks.tokenShape(1, tokenSide, channels)).optInitializer(Initializer.ZEROS).build());
        patchEmbeddings = addChildBlock("patch_embeddings", Conv2d.builder().setKernelShape(new Shape(patch, patch))
                .optStride(new Shape(patch, patch)).setFilters(channels).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray tokens = Blocks.toTokens(Blocks.apply(patchEmbeddings, ps, inputs.singletonOrThrow(), training));
        return new NDList(dropout.apply(tokens.add(ps.getValue(position, tokens.getDevice(), training)), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {Blocks.tokenShape(in.get(0), in.get(2) / patch, in.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        patchEmbeddings.initialize(manager, dataType, inputShapes[0]);
    }
}
