package org.selfreg.model.swin.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import org.selfreg.model.loss.RandomChannelSampler;
import org.selfreg.model.loss.SegmentationLoss;
import org.selfreg.model.loss.SelfRegLoss;
import org.selfreg.model.optim.PolyLearningRate;
import org.selfreg.model.optim.PyTorchSgd;
import org.selfreg.model.swin.SwinKdRecipe;
import org.selfreg.model.swin.SwinUNet;
import org.selfreg.model.swin.SwinUNetConfig;
import org.selfreg.model.unet.FeatureTaps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Images/s of one Swin-UNet (swin_tiny lite, 9 classes, 224) training step: forward, 0.4 CE + 0.6 Dice (+ SelfReg
 * KD, lambda 0.01), backward, SGD; steps without and with KD interleaved so both see the same machine load.
 *
 * <p>Usage: {@code SwinTrainStepBenchmark <batch> <warm-up pairs> <measured pairs>}; bench/swin.sh runs it.
 */
public final class SwinTrainStepBenchmark {

    private SwinTrainStepBenchmark() {
    }

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int pairs = Integer.parseInt(args[2]);
        Engine.getInstance().setRandomSeed(1234);
        SwinUNet network = new SwinUNet(SwinUNetConfig.tinyLite(9), new Random(1234));
        try (Model model = Model.newInstance("swin-bench")) {
            model.setBlock(network);
            PyTorchSgd sgd = new PyTorchSgd(PolyLearningRate.reference(0.05, 10_000), 0.9, 1e-4, model.getNDManager());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(sgd))) {
                trainer.initialize(new Shape(batch, 1, 224, 224));
                SegmentationLoss segmentation = new SegmentationLoss(0.4, 0.6);
                RandomChannelSampler sampler = new RandomChannelSampler(new Random(7));
                SelfRegLoss noKd = new SelfRegLoss(0, 0, sampler, SwinKdRecipe.INSTANCE);
                SelfRegLoss kd = new SelfRegLoss(0.01, 0.01, sampler, SwinKdRecipe.INSTANCE);
                List<Double> plain = new ArrayList<>();
                List<Double> withKd = new ArrayList<>();
                for (int i = 0; i < warmup + pairs; i++) {
                    double a = step(trainer, network, sgd, segmentation, noKd, batch);
                    double b = step(trainer, network, sgd, segmentation, kd, batch);
                    if (i >= warmup) {
                        plain.add(a);
                        withKd.add(b);
                    }
                }
                report("DJL no KD", plain, batch);
                report("DJL with KD", withKd, batch);
            }
        }
    }

    private static double step(Trainer trainer, SwinUNet network, PyTorchSgd sgd, SegmentationLoss segmentation,
                               SelfRegLoss selfReg, int batch) {
        long start = System.nanoTime();
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray images = scope.randomUniform(0, 1, new Shape(batch, 1, 224, 224));
            NDArray labels = scope.randomInteger(0, 9, new Shape(batch, 224, 224), DataType.INT64);
            for (Pair<String, Parameter> p : network.getParameters()) {
                if (p.getValue().getArray().hasGradient()) {
                    // optimizer.zero_grad(): libtorch accumulates; the handle is closed so no step leaves one behind.
                    try (NDArray gradient = p.getValue().getArray().getGradient()) {
                        gradient.subi(gradient);
                    }
                }
            }
            try (GradientCollector collector = trainer.newGradientCollector()) {
                FeatureTaps taps = network.taps(trainer.forward(new NDList(images)));
                NDArray loss = segmentation.compute(taps.logits(), labels).total().add(selfReg.compute(taps).total());
                collector.backward(loss);
            }
            trainer.step();
            sgd.endStep();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(String what, List<Double> millis, int batch) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        System.out.printf("%-12s median %7.0f ms (min %7.0f)  %6.2f img/s  %s%n", what, median, sorted[0],
                batch * 1000 / median, Arrays.toString(millis.stream().mapToLong(Math::round).toArray()));
    }
}
