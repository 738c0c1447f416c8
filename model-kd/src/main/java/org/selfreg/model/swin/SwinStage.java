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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code BasicLayer} / {@code BasicLayer_up}: Swin blocks alternating W-MSA and SW-MSA (shift window/2), then an
 * optional patch merging ({@code downsample}) or patch expanding ({@code upsample}).
 *
 * <p>Output: the tokens after every block (the SelfReg taps), then the stage output (after the resampler, or the
 * last block's tokens when there is none).
 */
final class SwinStage extends AbstractBlock {

    private final List<Block> blocks = new ArrayList<>();
    private final Block resampler;

    private SwinStage(int dim, int side, int heads, SwinUNetConfig config, double[] dropPathRates, Random random,
                      String resamplerName, Block resampler) {
        for (int i = 0; i < dropPathRates.length; i++) {
            WindowGeometry geometry = WindowGeometry.of(side, config.windowSize(),
                    i % 2 == 0 ? 0 : config.windowSize() / 2);
            blocks.add(addChildBlock("blocks." + i, new SwinBlock(dim, heads, geometry, config.mlpRatio(),
                    new DropPath(dropPathRates[i], random))));
        }
        this.resampler = resampler == null ? null : addChildBlock(resamplerName, resampler);
    }

    /** Encoder stage {@code stage} ({@code layers.stage}): patch merging after the blocks except for the last stage. */
    static SwinStage encoder(SwinUNetConfig config, int stage, Random random) {
        int dim = config.dim(stage);
        int side = config.side(stage);
        boolean merges = stage < config.stages() - 1;
        return new SwinStage(dim, side, config.heads().get(stage), config, config.dropPathRates(stage), random,
                "downsample", merges ? new PatchMerging(side, dim) : null);
    }

    /**
     * Decoder stage mirroring encoder stage {@code stage} ({@code layers_up.(3 - stage)}): same width, depth, heads and
     * drop-path slice; patch expanding after the blocks except at the first stage's resolution.
     */
    static SwinStage decoder(SwinUNetConfig config, int stage, Random random) {
        int dim = config.dim(stage);
        int side = config.side(stage);
        return new SwinStage(dim, side, config.heads().get(stage), config, config.dropPathRates(stage), random,
                "upsample", stage > 0 ? PatchExpand.doubling(side, dim) : null);
    }

    /** Number of Swin blocks (and of taps). */
    int depth() {
        return blocks.size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList out = new NDList();
        for (Block block : blocks) {
            x = Layers.apply(block, ps, x, training);
            out.add(x);
        }
        out.add(resampler == null ? x : Layers.apply(resampler, ps, x, training));
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = new Shape[blocks.size() + 1];
        for (int i = 0; i < blocks.size(); i++) {
            shapes[i] = inputShapes[0];
        }
        shapes[blocks.size()] = resampler == null ? inputShapes[0] : resampler.getOutputShapes(inputShapes)[0];
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block block : blocks) {
            block.initialize(manager, dataType, inputShapes);
        }
        if (resampler != null) {
            resampler.initialize(manager, dataType, inputShapes);
        }
    }
}
