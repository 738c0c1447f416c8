package org.selfreg.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.selfreg.model.loss.ChannelSampler;
import org.selfreg.model.loss.RandomChannelSampler;
import org.selfreg.model.loss.SegmentationLoss;
import org.selfreg.model.loss.SegmentationObjective;
import org.selfreg.model.loss.SigmoidDiceBceLoss;
import org.selfreg.model.loss.SelfRegLoss;
import org.selfreg.model.optim.ScheduledOptimizer;
import org.selfreg.model.unet.SegmentationBackbone;

import java.util.Random;

/**
 * The native objects of one training run (model, DJL trainer, optimizer) and the step that uses them.
 *
 * <p>DJL's trainer needs a {@code Loss} even though the loss is computed by hand; {@code l2Loss} is never called.
 */
final class TrainingSession implements AutoCloseable {

    /** Held while a session seeds libtorch's global generator and draws its initial weights from it. */
    private static final Object GLOBAL_GENERATOR = new Object();

    private final TrainConfig config;
    private final Model model;
    private final Trainer trainer;
    private final SegmentationBackbone network;
    private final ScheduledOptimizer optimizer;

    /**
     * Builds and initialises a fresh network; the engine seed fixes its initial weights.
     *
     * @param random the run's generator, from which the network draws its training-time randomness
     */
    TrainingSession(TrainConfig config, int iterationsPerEpoch, Device device, Random random) {
        this.config = config;
        // The seed goes into libtorch's one global generator: two sessions seeding and drawing at once on two threads
        // would each get some of the other's draws.
        synchronized (GLOBAL_GENERATOR) {
            Engine.getInstance().setRandomSeed(Long.hashCode(config.seed()));
            network = Backbones.create(config, random);
            model = Model.newInstance("selfreg-" + config.backbone(), device);
            model.setBlock(network);
            optimizer = Optimizers.create(config, iterationsPerEpoch, model.getNDManager());
            trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(optimizer).optDevices(new Device[] {device}));
            trainer.initialize(inputShape(config, config.batchSize()));
        }
    }

    /** The network input {@code (n, channels, imageSize, imageSize)}. */
    static Shape inputShape(TrainConfig config, int n) {
        return new Shape(n, config.channels(), config.imageSize(), config.imageSize());
    }

    /** A step whose channel sampling draws from {@code random}. */
    TrainingStep newStep(Random random) {
        return newStep(new RandomChannelSampler(random));
    }

    /** A step with the given channel sampling (tests replay the reference's draws). */
    TrainingStep newStep(ChannelSampler sampler) {
        return new TrainingStep(trainer, network, segmentationLoss(config),
                new SelfRegLoss(config.lambdaIntra(), config.lambdaInter(), sampler,
                        Backbones.factory(config.backbone()).kdRecipe()),
                optimizer);
    }

    /** The loss of the configuration's head, with its two weights. */
    static SegmentationObjective segmentationLoss(TrainConfig config) {
        return TrainConfig.SIGMOID.equals(config.head())
                ? new SigmoidDiceBceLoss(config.ceWeight(), config.diceWeight())
                : new SegmentationLoss(config.ceWeight(), config.diceWeight());
    }

    Model model() {
        return model;
    }

    Trainer trainer() {
        return trainer;
    }

    SegmentationBackbone network() {
        return network;
    }

    ScheduledOptimizer optimizer() {
        return optimizer;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
