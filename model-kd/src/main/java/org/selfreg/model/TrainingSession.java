package org.selfreg.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.selfreg.model.loss.RandomChannelSampler;
import org.selfreg.model.loss.SegmentationLoss;
import org.selfreg.model.loss.SelfRegLoss;
import org.selfreg.model.optim.PolyLearningRate;
import org.selfreg.model.optim.PyTorchSgd;
import org.selfreg.model.unet.UNet;

import java.util.Random;

/**
 * The native objects of one training run (model, DJL trainer, optimizer) and the step that uses them.
 *
 * <p>DJL's trainer needs a {@code Loss} even though the loss is computed by hand; {@code l2Loss} is never called.
 */
final class TrainingSession implements AutoCloseable {

    private final Model model;
    private final Trainer trainer;
    private final UNet network;
    private final PyTorchSgd optimizer;

    /** Builds and initialises a fresh network; the engine seed fixes its initial weights. */
    TrainingSession(TrainConfig config, int iterationsPerEpoch, Device device) {
        Engine.getInstance().setRandomSeed(Long.hashCode(config.seed()));
        network = new UNet(config.unetConfig());
        model = Model.newInstance("selfreg-unet", device);
        model.setBlock(network);
        optimizer = new PyTorchSgd(PolyLearningRate.reference(config.baseLr(), config.epochs() * iterationsPerEpoch),
                config.momentum(), config.weightDecay(), model.getNDManager());
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(optimizer).optDevices(new Device[] {device}));
        trainer.initialize(new Shape(config.batchSize(), 1, config.imageSize(), config.imageSize()));
    }

    /** A step whose channel sampling draws from {@code random}. */
    TrainingStep newStep(TrainConfig config, Random random) {
        return new TrainingStep(trainer, network, new SegmentationLoss(config.ceWeight(), config.diceWeight()),
                new SelfRegLoss(config.lambdaIntra(), config.lambdaInter(), new RandomChannelSampler(random)),
                optimizer);
    }

    Model model() {
        return model;
    }

    Trainer trainer() {
        return trainer;
    }

    UNet network() {
        return network;
    }

    PyTorchSgd optimizer() {
        return optimizer;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
