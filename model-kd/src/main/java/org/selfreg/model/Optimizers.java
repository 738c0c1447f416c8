package org.selfreg.model;

import ai.djl.ndarray.NDManager;
import org.selfreg.model.optim.Adam;
import org.selfreg.model.optim.AdamW;
import org.selfreg.model.optim.CosineWarmRestarts;
import org.selfreg.model.optim.LearningRateSchedule;
import org.selfreg.model.optim.PolyLearningRate;
import org.selfreg.model.optim.PyTorchSgd;
import org.selfreg.model.optim.ScheduledOptimizer;

/** The optimizer and learning-rate schedule a {@link TrainConfig} names. */
final class Optimizers {

    private Optimizers() {
    }

    /** The run's optimizer, its state buffers owned by {@code state}. */
    static ScheduledOptimizer create(TrainConfig config, int iterationsPerEpoch, NDManager state) {
        LearningRateSchedule schedule = schedule(config, iterationsPerEpoch);
        return switch (config.optimizer()) {
            case TrainConfig.SGD -> new PyTorchSgd(schedule, config.momentum(), config.weightDecay(), state);
            case TrainConfig.ADAM -> new Adam(schedule, config.weightDecay(), state);
            case TrainConfig.ADAMW -> new AdamW(schedule, config.weightDecay(), state);
            default -> throw new IllegalStateException("TrainConfig let through optimizer " + config.optimizer());
        };
    }

    /**
     * The rate of every optimizer step. The poly rate falls every iteration over the whole run (the SelfReg
     * reference); the cosine is stepped once per epoch, as McGregorWwww/UCTransNet's {@code Train_one_epoch.py}
     * calls {@code lr_scheduler.step()} after the epoch's validation pass.
     */
    static LearningRateSchedule schedule(TrainConfig config, int iterationsPerEpoch) {
        return switch (config.schedule()) {
            case TrainConfig.POLY -> PolyLearningRate.reference(config.baseLr(), config.epochs() * iterationsPerEpoch);
            case TrainConfig.CONSTANT -> LearningRateSchedule.constant(config.baseLr());
            case TrainConfig.COSINE_RESTARTS -> new CosineWarmRestarts(config.baseLr(), config.restartEpochs(),
                    CosineWarmRestarts.EQUAL_CYCLES, config.minLr()).steppedPerEpoch(iterationsPerEpoch);
            default -> throw new IllegalStateException("TrainConfig let through schedule " + config.schedule());
        };
    }
}
