package org.selfreg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import org.selfreg.model.loss.SegmentationObjective;
import org.selfreg.model.loss.SelfRegLoss;
import org.selfreg.model.nd.LibtorchArrays;
import org.selfreg.model.optim.ScheduledOptimizer;
import org.selfreg.model.unet.FeatureTaps;
import org.selfreg.model.unet.SegmentationBackbone;

/**
 * One forward/backward/update of the network on a batch.
 *
 * <p>Memory: every array of the step (inputs, activations, losses, autograd buffers) is created in a sub-manager of
 * the trainer's manager and freed when the step ends. An op's result joins the manager of its first operand, so
 * the batch itself is created in the step manager; anything created in a longer-lived manager would leak per step.
 * The forward pass has a manager of its own, closed before the backward pass: closing an array's Java handle leaves
 * the tensor to the autograd graph, which frees each saved activation once its node's backward has run, as PyTorch
 * frees the activations its forward pass no longer references. Held until the step's end instead, every activation
 * would still be resident beside every gradient at the end of the backward pass. (Safe because every array on the
 * graph lives in libtorch's memory, {@link LibtorchArrays}; GraphLifetimeTest checks that.)
 */
final class TrainingStep {

    private final Trainer trainer;
    private final SegmentationBackbone backbone;
    private final SegmentationObjective segmentationLoss;
    private final SelfRegLoss selfRegLoss;
    private final ScheduledOptimizer optimizer;

    TrainingStep(Trainer trainer, SegmentationBackbone backbone, SegmentationObjective segmentationLoss,
                 SelfRegLoss selfRegLoss, ScheduledOptimizer optimizer) {
        this.trainer = trainer;
        this.backbone = backbone;
        this.segmentationLoss = segmentationLoss;
        this.selfRegLoss = selfRegLoss;
        this.optimizer = optimizer;
    }

    /** Trains on one batch and returns its loss values (before the update). */
    StepLosses run(Batch batch) {
        StepLosses losses;
        try (NDManager step = trainer.getManager().newSubManager()) {
            zeroGradients();
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray total;
                try (NDManager forward = step.newSubManager()) {
                    NDArray images = LibtorchArrays.floats(forward, batch.images(),
                            new Shape(batch.count(), batch.channels(), batch.size(), batch.size()));
                    NDArray labels = LibtorchArrays.longs(forward, batch.labels(),
                            new Shape(batch.count(), batch.size(), batch.size()));
                    FeatureTaps taps = backbone.taps(trainer.forward(new NDList(images)));
                    SegmentationObjective.Terms segmentation = segmentationLoss.compute(taps.logits(), labels);
                    SelfRegLoss.Terms kd = selfRegLoss.compute(taps);
                    total = segmentation.total().add(kd.total());
                    losses = new StepLosses(value(total), value(segmentation.total()), value(kd.intra()),
                            value(kd.inter()));
                    total.attach(step);
                }
                collector.backward(total);
            }
            trainer.step();
            optimizer.endStep();
        }
        return losses;
    }

    /** A scalar loss in whatever float type the network computes in (float64 in a parity test). */
    private static double value(NDArray scalar) {
        return scalar.toArray()[0].doubleValue();
    }

    /**
     * {@code optimizer.zero_grad()}: libtorch accumulates into {@code .grad} and neither DJL's trainer nor its
     * gradient collector clears it between steps (measured), so without this every step would add up all earlier
     * gradients.
     */
    private void zeroGradients() {
        for (Pair<String, Parameter> p : backbone.getParameters()) {
            NDArray weight = p.getValue().getArray();
            if (weight.hasGradient()) {
                // zero_() in place, not grad - grad: a gradient that overflowed to Inf would turn into NaN.
                JniUtils.zeroGrad((PtNDArray) weight);
            }
        }
    }
}
