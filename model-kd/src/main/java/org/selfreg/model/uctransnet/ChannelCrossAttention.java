package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Arrays;
import java.util.stream.Stream;
import org.selfreg.model.nd.LibtorchArrays;

/**
 * {@code Attention_org} (McGregorWwww/UCTransNet nets/CTrans.py), the channel-wise cross attention of CTrans.
 *
 * <p>Per head, level i's query is a bias-free Linear(C_i, C_i) of its tokens, and key and value are bias-free
 * Linear(KV, KV) of all levels' tokens side by side. The scores {@code Q_i^T K / sqrt(KV)} relate channels, not
 * tokens: {@code (B, heads, C_i, KV)}. They are instance-normalised per (sample, head), soft-maxed over the KV
 * channels and dropped out; the context {@code probs V^T} is averaged over the heads (not concatenated), then a
 * bias-free Linear(C_i, C_i) and dropout give level i's output.
 *
 * <p>Input: the four normalised level token arrays, then the normalised concatenation; output: four arrays.
 * Children are registered as the state dict orders them: query1 heads .. query4 heads, key heads, value heads,
 * out1..out4.
 */
final class ChannelCrossAttention extends AbstractBlock {

    private final int[] widths;
    private final int kvSize;
    private final Block[][] queries;
    private final Block[] keys = new Block[UCTransNetConfig.HEADS];
    private final Block[] values = new Block[UCTransNetConfig.HEADS];
    private final Block[] outs;
    private final SeededDropout attentionDropout;
    private final SeededDropout projectionDropout;

    ChannelCrossAttention(int[] widths, SeededDropout attentionDropout, SeededDropout projectionDropout) {
        this.widths = widths.clone();
        this.kvSize = Arrays.stream(widths).sum();
        this.attentionDropout = attentionDropout;
        this.projectionDropout = projectionDropout;
        queries = new Block[widths.length][UCTransNetConfig.HEADS];
        for (int i = 0; i < widths.length; i++) {
            for (int h = 0; h < UCTransNetConfig.HEADS; h++) {
                queries[i][h] = addChildBlock("query" + (i + 1) + "_" + h, Blocks.linear(widths[i], false));
            }
        }
        for (int h = 0; h < UCTransNetConfig.HEADS; h++) {
            keys[h] = addChildBlock("key_" + h, Blocks.linear(kvSize, false));
        }
        for (int h = 0; h < UCTransNetConfig.HEADS; h++) {
            values[h] = addChildBlock("value_" + h, Blocks.linear(kvSize, false));
        }
        outs = new Block[widths.length];
        for (int i = 0; i < widths.length; i++) {
            outs[i] = addChildBlock("out" + (i + 1), Blocks.linear(widths[i], false));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray all = inputs.get(widths.length);
        NDArray keysT = heads(keys, ps, all, training);                                  // (B, H, N, KV)
        NDArray valuesT = heads(values, ps, all, training).transpose(0, 1, 3, 2);        // (B, H, KV, N)
        // In libtorch's memory: the division keeps its divisor for the backward pass (LibtorchArrays).
        NDArray scale = LibtorchArrays.scalar(all.getManager(), (float) Math.sqrt(kvSize), all.getDataType());
        NDList outputs = new NDList(widths.length);
        for (int i = 0; i < widths.length; i++) {
            NDArray query = heads(queries[i], ps, inputs.get(i), training).transpose(0, 1, 3, 2); // (B, H, C_i, N)
            NDArray scores = query.matMul(keysT).div(scale);                             // (B, H, C_i, KV)
            NDArray probs = attentionDropout.apply(InstanceNorm.normalize(scores).softmax(3), training);
            // (B, H, C_i, N) -> (B, N, C_i, H), then the mean over the heads, as the original permutes and averages.
            NDArray context = probs.matMul(valuesT).transpose(0, 3, 2, 1).mean(new int[] {3});
            outputs.add(projectionDropout.apply(Blocks.apply(outs[i], ps, context, training), training));
        }
        return outputs;
    }

    /** Every head's projection of {@code x}, stacked on axis 1: {@code (B, heads, N, units)}. */
    private static NDArray heads(Block[] projections, ParameterStore ps, NDArray x, boolean training) {
        NDList perHead = new NDList(projections.length);
        for (Block projection : projections) {
            perHead.add(Blocks.apply(projection, ps, x, training));
        }
        return NDArrays.stack(perHead, 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return Arrays.copyOf(inputShapes, widths.length);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < widths.length; i++) {
            for (Block query : queries[i]) {
                query.initialize(manager, dataType, inputShapes[i]);
            }
            outs[i].initialize(manager, dataType, inputShapes[i]);
        }
        for (Block projection : Stream.concat(Arrays.stream(keys), Arrays.stream(values)).toList()) {
            projection.initialize(manager, dataType, inputShapes[widths.length]);
        }
    }
}
