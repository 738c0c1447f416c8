package org.selfreg.model.optim;

import ai.djl.ndarray.NDManager;

/**
 * {@code torch.optim.AdamW} semantics: {@link Adam} with decoupled weight decay ({@code w *= 1 - lr * wd} before the
 * moment update), the ACDC recipe's optimizer. DJL's own Adam adds {@code wd * w} to the gradient (L2-regularised
 * Adam, {@link Adam}'s torch semantics), which is a different method.
 */
public final class AdamW extends Adam {

    /**
     * @param schedule     learning rate per step (constant in the ACDC recipe)
     * @param weightDecay  decoupled decay coefficient (1e-4 in the ACDC recipe)
     * @param stateManager owns the moment buffers; close it together with the model
     */
    public AdamW(LearningRateSchedule schedule, double weightDecay, NDManager stateManager) {
        super(schedule, weightDecay, true, stateManager);
    }
}
