package org.selfreg.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;


/**
 * UNet_hd of SelfReg-UNet (milesial UNet, bilinear variant) with explicit feature taps.
 *
 * <p>Child blocks are registered in the order of the PyTorch module (inc, down1..4, up1..4, outc), and each double
 * conv is conv, BN, ReLU, conv, BN, ReLU, so the parameter order maps 1:1 onto a torch state dict.
 *
 * <p>Training-mode output layout: {@code [logits, x2, x3, x4, x5, u1, u2, u3, u4]}; eval mode: {@code [logits]}.
 * Height and width must be multiples of 16 (four 2x2 poolings; the reference's pad-to-skip is then a no-op).
 */
public final class UNet extends AbstractBlock implements SegmentationBackbone {

    /** Height and width must be multiples of this (four 2x2 poolings). */
    public static final int SIZE_MULTIPLE = 16;

    private static final byte VERSION = 1;
    private static final int LEVELS = 4;

    private final UNetConfig config;
    private final Block inc;
    private final Block[] downs = new Block[LEVELS];
    private final Block[] ups = new Block[LEVELS];
    private final Block outc;

    /** Builds an uninitialised network; initialise it with an input shape {@code (N, inChannels, H, W)}. */
    public UNet(UNetConfig config) {
        super(VERSION);
        this.config = config;
        inc = addChildBlock("inc", doubleConv(config.width(0), config.width(0)));
        for (int i = 0; i < LEVELS; i++) {
            downs[i] = addChildBlock("down" + (i + 1), doubleConv(config.width(i + 1), config.width(i + 1)));
        }
        for (int i = 0; i < LEVELS; i++) {
            ups[i] = addChildBlock("up" + (i + 1), doubleConv(upInChannels(i) / 2, upOutChannels(i)));
        }
        outc = addChildBlock("outc", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(config.classes()).build());
    }

    /** Level of the skip connection that up block {@code i} joins (up1 joins x4 at level 3). */
    private static int skipLevel(int i) {
        return LEVELS - 1 - i;
    }

    /** Skip and up-sampled maps have equal widths here, since the bottleneck keeps the width of level 3. */
    private int upInChannels(int i) {
        return 2 * config.width(skipLevel(i));
    }

    private int upOutChannels(int i) {
        return skipLevel(i) == 0 ? config.width(0) : config.width(skipLevel(i) - 1);
    }

    /** The configuration this network was built from. */
    public UNetConfig config() {
        return config;
    }

    @Override
    public int classes() {
        return config.classes();
    }

    @Override
    public FeatureTaps taps(NDList out) {
        return FeatureTaps.ofUNetLayout(out, "UNet");
    }

    /** Conv3x3 (no bias) - BN - ReLU - Conv3x3 (no bias) - BN - ReLU; the first conv's filters are {@code mid}. */
    private static Block doubleConv(int mid, int out) {
        return ConvLayers.addConvBnRelu(ConvLayers.addConvBnRelu(ConvLayers.releasingSequence(), 3, mid, false),
                3, out, false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        requireDivisibleSize(x.getShape());
        NDArray[] enc = new NDArray[LEVELS + 1];
        enc[0] = apply(inc, ps, x, training);
        for (int i = 0; i < LEVELS; i++) {
            NDArray pooled = Pool.maxPool2d(enc[i], new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            enc[i + 1] = apply(downs[i], ps, pooled, training);
        }
        NDArray[] dec = new NDArray[LEVELS];
        NDArray below = enc[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            NDArray skip = enc[skipLevel(i)];
            NDArray joined = skip.concat(AlignCornersUpsample.upsample2x(below), 1);
            dec[i] = apply(ups[i], ps, joined, training);
            below = dec[i];
        }
        NDArray logits = apply(outc, ps, dec[LEVELS - 1], training);
        if (!training) {
            return new NDList(logits);
        }
        return new NDList(logits, enc[1], enc[2], enc[3], enc[4], dec[0], dec[1], dec[2], dec[3]);
    }

    private static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    private static void requireDivisibleSize(Shape shape) {
        if (shape.dimension() != 4 || shape.get(2) % SIZE_MULTIPLE != 0
                || shape.get(3) % SIZE_MULTIPLE != 0) {
            throw new IllegalArgumentException("UNet input must be (N, C, H, W) with H and W multiples of " + SIZE_MULTIPLE + ", got "
                    + shape + "; resize the slices to the training size first");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        Shape[] shapes = new Shape[FeatureTaps.UNET_LAYOUT_SIZE];
        shapes[0] = new Shape(n, config.classes(), h, w);
        for (int level = 1; level <= LEVELS; level++) {
            shapes[level] = new Shape(n, config.width(level), h >> level, w >> level);
        }
        for (int i = 0; i < LEVELS; i++) {
            shapes[LEVELS + 1 + i] = new Shape(n, upOutChannels(i), h >> skipLevel(i), w >> skipLevel(i));
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        requireDivisibleSize(in);
        long n = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        inc.initialize(manager, dataType, in);
        for (int i = 0; i < LEVELS; i++) {
            downs[i].initialize(manager, dataType, new Shape(n, config.width(i), h >> (i + 1), w >> (i + 1)));
        }
        for (int i = 0; i < LEVELS; i++) {
            ups[i].initialize(manager, dataType, new Shape(n, upInChannels(i), h >> skipLevel(i), w >> skipLevel(i)));
        }
        outc.initialize(manager, dataType, new Shape(n, config.width(0), h, w));
    }
}
