package org.selfreg.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;
import java.util.Optional;

/**
 * {@code torch.optim.SGD} semantics (no dampening, no Nesterov) with a per-step learning-rate schedule.
 *
 * <p>DJL's own {@code Optimizer.sgd()} folds the learning rate into the momentum buffer (MXNet style), which differs
 * from PyTorch whenever the rate changes, i.e. on every step of the poly schedule. Here:
 * {@code d = g + wd * w; buf = d} on the first step, else {@code buf = m * buf + d}; {@code w -= lr * buf}.
 */
public final class PyTorchSgd extends ScheduledOptimizer {

    /** The state name torch uses. */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final float momentum;
    private final float weightDecay;

    /**
     * @param schedule     learning rate per step
     * @param momentum     momentum factor (0.9 in the reference)
     * @param weightDecay  L2 coefficient added to every gradient (1e-4 in the reference, all parameters)
     * @param stateManager owns the momentum buffers; close it together with the model
     */
    public PyTorchSgd(LearningRateSchedule schedule, double momentum, double weightDecay, NDManager stateManager) {
        super(schedule, stateManager);
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
    }

    @Override
    public List<String> stateNames() {
        return List.of(MOMENTUM_BUFFER);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float rate = (float) currentLearningRate();
        try (NDArray decay = weight.mul(weightDecay); NDArray direction = grad.add(decay)) {
            boolean first = !hasState(parameterId);
            NDArray buffer = stateOr(parameterId, MOMENTUM_BUFFER, direction::duplicate);
            if (!first) {
                buffer.muli(momentum).addi(direction);
            }
            try (NDArray delta = buffer.mul(rate)) {
                weight.subi(delta);
            }
        }
    }

    /** The momentum buffer of a parameter, absent before its first update. */
    public Optional<NDArray> momentumBuffer(String parameterId) {
        return state(parameterId, MOMENTUM_BUFFER);
    }
}
