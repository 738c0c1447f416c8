package org.selfreg.model.unet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** The Conv-BN-ReLU pieces of the convolutional backbones (UNet_hd, UCTransNet), with PyTorch's BN settings. */
public final class ConvLayers {

    /** PyTorch BN momentum 0.1: DJL passes {@code 1 - momentum} to libtorch. */
    private static final float BN_MOMENTUM = 0.9f;
    private static final float BN_EPSILON = 1e-5f;

    private ConvLayers() {
    }

    /** A sequence that frees each intermediate output once the next block has consumed it. */
    public static SequentialBlock releasingSequence() {
        return new ReleasingSequentialBlock();
    }

    /** Appends Conv(kernel x kernel, "same" padding, stride 1) - BN - ReLU to {@code block}. */
    public static SequentialBlock addConvBnRelu(SequentialBlock block, int kernel, int filters, boolean bias) {
        return block.add(conv(kernel, filters, bias)).add(batchNorm()).add(Activation.reluBlock());
    }

    /** {@code nn.Conv2d(kernel_size=kernel, padding=kernel / 2)}. */
    public static Conv2d conv(int kernel, int filters, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters).optBias(bias).build();
    }

    /** {@code nn.BatchNorm2d} with PyTorch's defaults (momentum 0.1, eps 1e-5). */
    public static Block batchNorm() {
        return BatchNorm.builder().optMomentum(BN_MOMENTUM).optEpsilon(BN_EPSILON).build();
    }
}
