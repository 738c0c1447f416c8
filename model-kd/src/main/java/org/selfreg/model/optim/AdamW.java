package org.selfreg.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * {@code torch.optim.AdamW} semantics (decoupled weight decay, bias correction, no amsgrad), the ACDC recipe's
 * optimizer. DJL's own Adam adds {@code wd * w} to the gradient (L2-regularised Adam), which is a different method.
 *
 * <p>Per step {@code t} (1-based): {@code w *= 1 - lr * wd}; {@code m = b1 m + (1 - b1) g};
 * {@code v = b2 v + (1 - b2) g^2}; {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
public final class AdamW extends ScheduledOptimizer {

    /** torch's default betas and epsilon, which the reference keeps. */
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    /** The state names torch uses. */
    public static final String EXP_AVG = "exp_avg";
    public static final String EXP_AVG_SQ = "exp_avg_sq";

    private final double weightDecay;

    /**
     * @param schedule     learning rate per step (constant in the ACDC recipe)
     * @param weightDecay  decoupled decay coefficient (1e-4 in the ACDC recipe)
     * @param stateManager owns the moment buffers; close it together with the model
     */
    public AdamW(LearningRateSchedule schedule, double weightDecay, NDManager stateManager) {
        super(schedule, stateManager);
        this.weightDecay = weightDecay;
    }

    @Override
    public List<String> stateNames() {
        return List.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        double rate = currentLearningRate();
        int t = step() + 1;
        weight.muli((float) (1 - rate * weightDecay));
        NDArray mean = stateOr(parameterId, EXP_AVG, grad::zerosLike);
        NDArray square = stateOr(parameterId, EXP_AVG_SQ, grad::zerosLike);
        try (NDArray scaledGrad = grad.mul((float) (1 - BETA1));
             NDArray gradSquared = grad.square().muli((float) (1 - BETA2))) {
            mean.muli((float) BETA1).addi(scaledGrad);
            square.muli((float) BETA2).addi(gradSquared);
        }
        double stepSize = rate / (1 - Math.pow(BETA1, t));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(BETA2, t));
        try (NDArray denominator = square.sqrt().divi((float) correction2Sqrt).addi((float) EPSILON);
             NDArray delta = mean.div(denominator).muli((float) stepSize)) {
            weight.subi(delta);
        }
    }
}
