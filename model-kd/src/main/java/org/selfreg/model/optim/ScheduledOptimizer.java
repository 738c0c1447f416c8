package org.selfreg.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A DJL optimizer with PyTorch semantics: one learning rate per whole step from a schedule, and named per-parameter
 * state buffers (as in a torch optimizer's {@code state_dict}) that a checkpoint saves and restores.
 *
 * <p>DJL calls {@link #update} once per parameter; the trainer calls {@link #endStep()} after each whole step so the
 * schedule and the step counter advance exactly once per iteration.
 */
public abstract class ScheduledOptimizer extends Optimizer {

    private final LearningRateSchedule schedule;
    private final NDManager stateManager;
    /** parameter id -> state name -> buffer. */
    private final Map<String, Map<String, NDArray>> state = new HashMap<>();
    private int step;

    /**
     * @param schedule     learning rate per step
     * @param stateManager owns the state buffers; close it together with the model
     */
    protected ScheduledOptimizer(LearningRateSchedule schedule, NDManager stateManager) {
        super(new NoOptions());
        this.schedule = schedule;
        this.stateManager = stateManager;
    }

    /** Names of the per-parameter buffers this optimizer keeps, e.g. {@code momentum_buffer}. */
    public abstract List<String> stateNames();

    /** Marks the end of one optimizer step (all parameters updated); the next step uses the next scheduled rate. */
    public final void endStep() {
        step++;
    }

    /** Learning rate the next {@link #update} calls use. */
    public final double currentLearningRate() {
        return schedule.rateForStep(step);
    }

    /** Number of completed steps. */
    public final int step() {
        return step;
    }

    /** A state buffer of a parameter, absent before its first update. */
    public final Optional<NDArray> state(String parameterId, String stateName) {
        return Optional.ofNullable(state.getOrDefault(parameterId, Map.of()).get(stateName));
    }

    /**
     * Restores checkpointed state: the step counter and the buffers keyed by parameter id, then state name (copied
     * into this optimizer's manager, so the caller keeps ownership of its arrays).
     */
    public final void restore(int completedSteps, Map<String, Map<String, NDArray>> buffers) {
        state.values().forEach(m -> m.values().forEach(NDArray::close));
        state.clear();
        buffers.forEach((id, named) -> named.forEach((name, array) -> keep(id, name, array.duplicate())));
        step = completedSteps;
    }

    /**
     * The buffer {@code stateName} of a parameter; on its first use it is created from {@code initial} (which this
     * optimizer then owns).
     */
    protected final NDArray stateOr(String parameterId, String stateName, Supplier<NDArray> initial) {
        NDArray buffer = state.getOrDefault(parameterId, Map.of()).get(stateName);
        return buffer != null ? buffer : keep(parameterId, stateName, initial.get());
    }

    /** Whether a parameter has been updated before (its state exists). */
    protected final boolean hasState(String parameterId) {
        return state.containsKey(parameterId);
    }

    private NDArray keep(String parameterId, String stateName, NDArray buffer) {
        buffer.attach(stateManager);
        state.computeIfAbsent(parameterId, id -> new HashMap<>()).put(stateName, buffer);
        return buffer;
    }

    /** DJL insists on a builder; no DJL-side option (rescale, clip) applies to the PyTorch optimizers. */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
