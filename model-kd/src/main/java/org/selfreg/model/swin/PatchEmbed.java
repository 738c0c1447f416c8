package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * {@code PatchEmbed}: Conv2d(3, embedDim, kernel = stride = patch) with bias, flattened to tokens
 * {@code (B, (H/patch)^2, embedDim)}, then LN (patch_norm).
 */
final class PatchEmbed extends AbstractBlock {

    /** Swin's images have three channels; a one-channel slice is repeated before this block. */
    static final int CHANNELS = 3;

    private final int embedDim;
    private final int patch;
    private final Block proj;
    private final Block norm;

    PatchEmbed(int embedDim, int patch) {
        this.embedDim = embedDim;
        this.patch = patch;
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(patch, patch)).optStride(new Shape(patch, patch))
                .setFilters(embedDim).build();
        // torch's Conv2d default (kaiming_uniform, a = sqrt 5) is U(+-1/sqrt(fan_in)) for weights and bias alike.
        conv.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(CHANNELS * patch * patch))),
                parameter -> true);
        proj = addChildBlock("proj", conv);
        norm = addChildBlock("norm", new TokenLayerNorm(embedDim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray maps = Layers.apply(proj, ps, inputs.singletonOrThrow(), training);
        Shape s = maps.getShape();
        NDArray tokens = maps.reshape(s.get(0), embedDim, s.get(2) * s.get(3)).transpose(0, 2, 1);
        return new NDList(Layers.apply(norm, ps, tokens, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), (in.get(2) / patch) * (in.get(3) / patch), embedDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        proj.initialize(manager, dataType, inputShapes[0]);
        norm.initialize(manager, dataType, getOutputShapes(inputShapes)[0]);
    }
}
