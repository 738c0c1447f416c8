package org.selfreg.model.uctransnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.selfreg.model.unet.ConvLayers;
import org.selfreg.model.unet.FeatureTaps;
import org.selfreg.model.unet.SegmentationBackbone;

import java.util.Random;

/**
 * UCTransNet (Wang et al., AAAI 2022; McGregorWwww/UCTransNet nets/UCTransNet.py) with SelfReg feature taps.
 *
 * <p>Encoder: {@code inc} (one Conv3x3-BN-ReLU) and four down blocks (max-pool, 2x Conv3x3-BN-ReLU), all convolutions
 * with bias; CTrans ({@link ChannelTransformer}) replaces the skips x1..x4; decoder: four {@link UpBlock}s (up4 on x5
 * and the new x4, .. up1 on x1); {@code outc} Conv1x1. The logits are returned as such: the original's sigmoid for a
 * single class belongs to its BCE loss.
 *
 * <p>Children are registered in the module order of the original (inc, down1..4, mtc, up4..1, outc), so the
 * parameters, BN running statistics included, line up 1:1 with its state dict.
 *
 * <p>Training-mode output layout: {@code [logits, x2, x3, x4, x5, up4, up3, up2, up1]}, the encoder maps taken from
 * the down blocks (before CTrans adds to x2..x4); eval mode: {@code [logits]}. The taps are the project's proposal:
 * the SelfReg paper has no UCTransNet recipe.
 */
public final class UCTransNet extends AbstractBlock implements SegmentationBackbone {

    private static final byte VERSION = 1;
    private static final int LEVELS = 4;

    private final UCTransNetConfig config;
    private final Block inc;
    private final Block[] downs = new Block[LEVELS];
    private final Block transformer;
    private final Block[] ups = new Block[LEVELS];
    private final Block outc;

    /**
     * Builds an uninitialised network; initialise it with an input shape {@code (N, inChannels, size, size)}.
     *
     * @param random source of the dropout masks (see {@link SeededDropout})
     */
    public UCTransNet(UCTransNetConfig config, Random random) {
        super(VERSION);
        this.config = config;
        inc = addChildBlock("inc",
                ConvLayers.addConvBnRelu(ConvLayers.releasingSequence(), 3, config.width(0), true));
        for (int i = 0; i < LEVELS; i++) {
            SequentialBlock down = ConvLayers.releasingSequence()
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            downs[i] = addChildBlock("down" + (i + 1), addTwoConvs(down, config.width(i + 1)));
        }
        transformer = addChildBlock("mtc", new ChannelTransformer(config, random));
        for (int i = 0; i < LEVELS; i++) {
            int skip = skipLevel(i);
            ups[i] = addChildBlock("up" + (skip + 1),
                    new UpBlock(2 * config.width(skip), config.width(Math.max(skip - 1, 0))));
        }
        outc = addChildBlock("outc", ConvLayers.conv(1, config.classes(), true));
    }

    /** 2x Conv3x3 (with bias) - BN - ReLU ({@code _make_nConv} with {@code nb_Conv = 2}). */
    static SequentialBlock twoConvs(int filters) {
        return addTwoConvs(ConvLayers.releasingSequence(), filters);
    }

    private static SequentialBlock addTwoConvs(SequentialBlock block, int filters) {
        return ConvLayers.addConvBnRelu(ConvLayers.addConvBnRelu(block, 3, filters, true), 3, filters, true);
    }

    /** Level of the skip that decoder block {@code i} joins (block 0 is up4, joining x4 at level 3). */
    private static int skipLevel(int i) {
        return LEVELS - 1 - i;
    }

    /** The configuration this network was built from. */
    public UCTransNetConfig config() {
        return config;
    }

    @Override
    public int classes() {
        return config.classes();
    }

    @Override
    public FeatureTaps taps(NDList out) {
        return FeatureTaps.ofUNetLayout(out, "UCTransNet");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        requireConfiguredShape(x.getShape());
        NDArray[] enc = new NDArray[LEVELS + 1];
        enc[0] = Blocks.apply(inc, ps, x, training);
        for (int i = 0; i < LEVELS; i++) {
            enc[i + 1] = Blocks.apply(downs[i], ps, enc[i], training);
        }
        NDList skips = transformer.forward(ps, new NDList(enc[0], enc[1], enc[2], enc[3]), training);
        NDArray[] dec = new NDArray[LEVELS];
        NDArray below = enc[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            dec[i] = ups[i].forward(ps, new NDList(below, skips.get(skipLevel(i))), training).singletonOrThrow();
            below = dec[i];
        }
        NDArray logits = Blocks.apply(outc, ps, dec[LEVELS - 1], training);
        if (!training) {
            return new NDList(logits);
        }
        return new NDList(logits, enc[1], enc[2], enc[3], enc[4], dec[0], dec[1], dec[2], dec[3]);
    }

    /** The position embeddings fix the token count, so only the configured size fits. */
    private void requireConfiguredShape(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != config.inChannels() || shape.get(2) != config.imageSize()
                || shape.get(3) != config.imageSize()) {
            throw new IllegalArgumentException("UCTransNet input must be (N, " + config.inChannels() + ", "
                    + config.imageSize() + ", " + config.imageSize() + ") as configured, got " + shape
                    + "; resize the slices to the training size first");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        int size = config.imageSize();
        Shape[] shapes = new Shape[FeatureTaps.UNET_LAYOUT_SIZE];
        shapes[0] = new Shape(n, config.classes(), size, size);
        for (int level = 1; level <= LEVELS; level++) {
            shapes[level] = levelShape(n, config.width(level), level);
        }
        for (int i = 0; i < LEVELS; i++) {
            shapes[LEVELS + 1 + i] = levelShape(n, config.width(Math.max(skipLevel(i) - 1, 0)), skipLevel(i));
        }
        return shapes;
    }

    private Shape levelShape(long n, int channels, int level) {
        long side = config.imageSize() >> level;
        return new Shape(n, channels, side, side);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        requireConfiguredShape(in);
        long n = in.get(0);
        inc.initialize(manager, dataType, in);
        Shape[] skips = new Shape[LEVELS];
        for (int level = 0; level < LEVELS; level++) {
            skips[level] = levelShape(n, config.width(level), level);
            downs[level].initialize(manager, dataType, skips[level]);
        }
        transformer.initialize(manager, dataType, skips);
        Shape below = levelShape(n, config.width(LEVELS), LEVELS);
        for (int i = 0; i < LEVELS; i++) {
            ups[i].initialize(manager, dataType, below, skips[skipLevel(i)]);
            below = getOutputShapes(inputShapes)[LEVELS + 1 + i];
        }
        outc.initialize(manager, dataType, levelShape(n, config.width(0), 0));
    }
}
