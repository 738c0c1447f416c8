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
import org.selfreg.model.unet.FeatureTaps;
import org.selfreg.model.unet.SegmentationBackbone;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Swin-UNet ({@code SwinUnet} + {@code SwinTransformerSys} of Swin-Unet f998666, expand_first) with the SelfReg taps.
 *
 * <p>Child blocks carry the PyTorch module names ({@code patch_embed}, {@code layers.i}, {@code layers_up.j},
 * {@code concat_back_dim.j}, {@code norm}, {@code norm_up}, {@code up}, {@code output}) in the reference's order, so
 * {@link SwinWeights} maps state dicts by name.
 *
 * <p>Training-mode output layout: {@code [logits, encoder taps, decoder taps, teacher]}, where the encoder taps are
 * every block of {@code layers.0..3} and the decoder taps every block of {@code layers_up.1..3}, stage by stage
 * ({@code B x C x H x W}), and the teacher is the {@code FinalPatchExpand_X4} output before the head. Eval mode:
 * {@code [logits]}. {@link #taps} flattens the block taps for {@link SwinKdRecipe}; {@link #swinTaps} keeps the stages.
 */
public final class SwinUNet extends AbstractBlock implements SegmentationBackbone {

    private static final byte VERSION = 1;

    private final SwinUNetConfig config;
    private final Block patchEmbed;
    private final List<SwinStage> encoder = new ArrayList<>();
    private final Block bottleneckExpand;
    private final List<SwinStage> decoder = new ArrayList<>();
    private final List<Block> concatBack = new ArrayList<>();
    private final Block norm;
    private final Block normUp;
    private final Block up;
    private final Block output;

    /**
     * Builds an uninitialised network; initialise it with {@code (N, inChannels, imageSize, imageSize)}.
     *
     * @param dropPathRandom source of the stochastic-depth draws in training (seed it for reproducible runs)
     */
    public SwinUNet(SwinUNetConfig config, Random dropPathRandom) {
        super(VERSION);
        this.config = config;
        int stages = config.stages();
        patchEmbed = addChildBlock("patch_embed", new PatchEmbed(config.embedDim(), config.patchSize()));
        for (int stage = 0; stage < stages; stage++) {
            encoder.add(addChildBlock("layers." + stage, SwinStage.encoder(config, stage, dropPathRandom)));
        }
        int deepest = stages - 1;
        bottleneckExpand = addChildBlock("layers_up.0",
                PatchExpand.doubling(config.side(deepest), config.dim(deepest)));
        for (int j = 1; j < stages; j++) {
            decoder.add(addChildBlock("layers_up." + j, SwinStage.decoder(config, deepest - j, dropPathRandom)));
        }
        for (int j = 1; j < stages; j++) {
            concatBack.add(addChildBlock("concat_back_dim." + j, Layers.linear(config.dim(deepest - j), true)));
        }
        norm = addChildBlock("norm", new TokenLayerNorm(config.dim(deepest)));
        normUp = addChildBlock("norm_up", new TokenLayerNorm(config.embedDim()));
        up = addChildBlock("up", PatchExpand.finalX4(config.side(0), config.embedDim()));
        Conv2d head = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(config.classes()).optBias(false)
                .build();
        head.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(config.embedDim()))), parameter -> true);
        output = addChildBlock("output", head);
    }

    /** The configuration this network was built from. */
    public SwinUNetConfig config() {
        return config;
    }

    @Override
    public int classes() {
        return config.classes();
    }

    /** Decodes a training-mode output into its stages of block taps. */
    public SwinTaps swinTaps(NDList out) {
        int expected = 2 + encoderTapCount() + decoderTapCount();
        if (out.size() != expected) {
            throw new IllegalArgumentException("Swin-UNet taps need the " + expected + "-array training-mode output, got "
                    + out.size() + " arrays (was the forward pass run in eval mode?)");
        }
        int next = 1;
        List<List<NDArray>> enc = new ArrayList<>();
        for (SwinStage stage : encoder) {
            enc.add(out.subNDList(next, next + stage.depth()));
            next += stage.depth();
        }
        List<List<NDArray>> dec = new ArrayList<>();
        for (SwinStage stage : decoder) {
            dec.add(out.subNDList(next, next + stage.depth()));
            next += stage.depth();
        }
        return new SwinTaps(out.get(0), enc, dec, out.get(next));
    }

    /** Every tapped block, last blocks then first blocks, as {@link SwinKdRecipe} combines them. */
    @Override
    public FeatureTaps taps(NDList trainingOutput) {
        return swinTaps(trainingOutput).lastThenFirstBlocks();
    }

    private int encoderTapCount() {
        return encoder.stream().mapToInt(SwinStage::depth).sum();
    }

    private int decoderTapCount() {
        return decoder.stream().mapToInt(SwinStage::depth).sum();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        requireInputShape(images.getShape());
        NDArray x = Layers.apply(patchEmbed, ps, threeChannels(images), training);
        NDList taps = new NDList();
        List<NDArray> skips = new ArrayList<>();
        for (int s = 0; s < encoder.size(); s++) {
            skips.add(x);
            NDList stageOut = encoder.get(s).forward(ps, new NDList(x), training);
            addTaps(taps, stageOut, config.side(s));
            x = stageOut.get(stageOut.size() - 1);
        }
        x = Layers.apply(bottleneckExpand, ps, Layers.apply(norm, ps, x, training), training);
        int deepest = config.stages() - 1;
        for (int j = 0; j < decoder.size(); j++) {
            NDArray joined = x.concat(skips.get(deepest - 1 - j), 2);
            NDList stageOut = decoder.get(j).forward(ps,
                    new NDList(Layers.apply(concatBack.get(j), ps, joined, training)), training);
            addTaps(taps, stageOut, config.side(deepest - 1 - j));
            x = stageOut.get(stageOut.size() - 1);
        }
        NDArray expanded = Layers.apply(up, ps, Layers.apply(normUp, ps, x, training), training);
        NDArray teacher = Layers.toMap(expanded, teacherSide());
        NDArray logits = Layers.apply(output, ps, teacher, training);
        if (!training) {
            return new NDList(logits);
        }
        NDList out = new NDList(logits);
        out.addAll(taps);
        out.add(teacher);
        return out;
    }

    private static void addTaps(NDList taps, NDList stageOut, int side) {
        for (int i = 0; i < stageOut.size() - 1; i++) {
            taps.add(Layers.toMap(stageOut.get(i), side));
        }
    }

    /**
     * {@code x.repeat(1, 3, 1, 1)} of {@code SwinUnet.forward} for one-channel slices; no mean/std normalisation.
     * (DJL's PyTorch engine does not implement {@code tile}; a concatenation is the same copy.)
     */
    private static NDArray threeChannels(NDArray images) {
        return images.getShape().get(1) == 1 ? images.concat(images, 1).concat(images, 1) : images;
    }

    private void requireInputShape(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != config.inChannels() || shape.get(2) != config.imageSize()
                || shape.get(3) != config.imageSize()) {
            throw new IllegalArgumentException("Swin-UNet input must be (N, " + config.inChannels() + ", "
                    + config.imageSize() + ", " + config.imageSize() + "), got " + shape
                    + "; resize the slices to the configured image size first");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape(n, config.classes(), teacherSide(), teacherSide()));
        for (int s = 0; s < encoder.size(); s++) {
            addTapShapes(shapes, n, s, encoder.get(s).depth());
        }
        int deepest = config.stages() - 1;
        for (int j = 0; j < decoder.size(); j++) {
            addTapShapes(shapes, n, deepest - 1 - j, decoder.get(j).depth());
        }
        shapes.add(new Shape(n, config.embedDim(), teacherSide(), teacherSide()));
        return shapes.toArray(Shape[]::new);
    }

    private void addTapShapes(List<Shape> shapes, long n, int stage, int depth) {
        for (int i = 0; i < depth; i++) {
            shapes.add(new Shape(n, config.dim(stage), config.side(stage), config.side(stage)));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        requireInputShape(in);
        long n = in.get(0);
        patchEmbed.initialize(manager, dataType, new Shape(n, PatchEmbed.CHANNELS, in.get(2), in.get(3)));
        for (int s = 0; s < encoder.size(); s++) {
            encoder.get(s).initialize(manager, dataType, tokens(n, s));
        }
        int deepest = config.stages() - 1;
        norm.initialize(manager, dataType, tokens(n, deepest));
        bottleneckExpand.initialize(manager, dataType, tokens(n, deepest));
        for (int j = 0; j < decoder.size(); j++) {
            int stage = deepest - 1 - j;
            concatBack.get(j).initialize(manager, dataType,
                    new Shape(n, (long) config.side(stage) * config.side(stage), 2L * config.dim(stage)));
            decoder.get(j).initialize(manager, dataType, tokens(n, stage));
        }
        normUp.initialize(manager, dataType, tokens(n, 0));
        up.initialize(manager, dataType, tokens(n, 0));
        output.initialize(manager, dataType, new Shape(n, config.embedDim(), teacherSide(), teacherSide()));
    }

    /** {@code up_x4} views the expanded tokens as {@code 4 * patches_resolution} per side (the image side for patch 4). */
    private long teacherSide() {
        return 4L * config.side(0);
    }

    private Shape tokens(long n, int stage) {
        long side = config.side(stage);
        return new Shape(n, side * side, config.dim(stage));
    }
}
