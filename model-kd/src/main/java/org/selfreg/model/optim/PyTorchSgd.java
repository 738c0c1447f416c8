package org.selfreg.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code torch.optim.SGD} semantics (no dampening, no Nesterov) with a per-step learning-rate schedule.
 *
 * <p>DJL's own {@code Optimizer.sgd()} folds the learning rate into the momentum buffer (MXNet style), which differs
 * from PyTorch whenever the rate changes, i.e. on every step of the poly schedule. Here:
 * {@code d = g + wd * w; buf = d} on the first step, else {@code buf = m * buf + d}; {@code w -= lr * buf}.
 *
 * <p>DJL calls {@link #update} once per parameter; the trainer calls {@link #endStep()} after each whole step so the
 * schedule advances exactly once per iteration.
 */
public final class PyTorchSgd extends Optimizer {

    private final LearningRateSchedule schedule;
    private final float momentum;
    private final float weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray> momentumBuffers = new HashMap<>();
    private int step;

    /**
     * @param schedule     learning rate per step
     * @param momentum     momentum factor (0.9 in the reference)
     * @param weightDecay  L2 coefficient added to every gradient (1e-4 in the reference, all parameters)
     * @param stateManager owns the momentum buffers; close it together with the model
     */
    public PyTorchSgd(LearningRateSchedule schedule, double momentum, double weightDecay, NDManager stateManager) {
        super(new Builder());
        this.schedule = schedule;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        this.stateManager = stateManager;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float rate = (float) currentLearningRate();
        try (NDArray decay = weight.mul(weightDecay); NDArray direction = grad.add(decay)) {
            NDArray buffer = momentumBuffers.get(parameterId);
            if (buffer == null) {
                buffer = direction.duplicate();
                buffer.attach(stateManager);
                momentumBuffers.put(parameterId, buffer);
            } else {
                buffer.muli(momentum).addi(direction);
            }
            try (NDArray delta = buffer.mul(rate)) {
                weight.subi(delta);
            }
        }
    }

    /** Marks the end of one optimizer step (all parameters updated); the next step uses the next scheduled rate. */
    public void endStep() {
        step++;
    }

    /** Learning rate the next {@link #update} calls use. */
    public double currentLearningRate() {
        return schedule.rateForStep(step);
    }

    /** Number of completed steps. */
    public int step() {
        return step;
    }

    /** The momentum buffer of a parameter, absent before its first update. */
    public Optional<NDArray> momentumBuffer(String parameterId) {
        return Optional.ofNullable(momentumBuffers.get(parameterId));
    }

    /**
     * Restores checkpointed state: the step counter and the buffers keyed by parameter id (copied into this
     * optimizer's manager, so the caller keeps ownership of its arrays).
     */
    public void restore(int completedSteps, Map<String, NDArray> buffers) {
        momentumBuffers.values().forEach(NDArray::close);
        momentumBuffers.clear();
        buffers.forEach((id, array) -> {
            NDArray copy = array.duplicate();
            copy.attach(stateManager);
            momentumBuffers.put(id, copy);
        });
        step = completedSteps;
    }

    /** DJL insists on a builder; no DJL-side option (rescale, clip) applies to PyTorch SGD. */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
