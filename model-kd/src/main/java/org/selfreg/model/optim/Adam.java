package org.selfreg.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * {@code torch.optim.Adam} semantics (bias correction, no amsgrad, torch's default betas and epsilon), UCTransNet's
 * optimizer ({@code torch.optim.Adam(..., lr=1e-3)} in McGregorWwww/UCTransNet {@code train_model.py}).
 *
 * <p>Weight decay is L2 as in torch: {@code wd * w} joins the gradient before the moments, so the adaptive rate
 * normalises it. {@link AdamW} decouples it instead; both share the moment update below. Per step {@code t}
 * (1-based), with {@code g' = g + wd * w} (L2) or {@code g' = g} after {@code w *= 1 - lr * wd} (decoupled):
 * {@code m = b1 m + (1 - b1) g'}; {@code v = b2 v + (1 - b2) g'^2};
 * {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 *
 * <p>The constants go in as doubles: libtorch rounds them to a float32 weight's type as a {@code (float)} cast would,
 * and a float64 weight (UCTransNetTrainingParityTest) gets them exact, as torch's Adam does.
 */
public class Adam extends ScheduledOptimizer {

    /** torch's default betas and epsilon, which both references keep. */
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    /** The state names torch uses. */
    public static final String EXP_AVG = "exp_avg";
    public static final String EXP_AVG_SQ = "exp_avg_sq";

    private final double weightDecay;
    private final boolean decoupled;

    /**
     * @param schedule     learning rate per step
     * @param weightDecay  L2 coefficient added to every gradient (0 in UCTransNet's recipe, torch's default)
     * @param stateManager owns the moment buffers; close it together with the model
     */
    public Adam(LearningRateSchedule schedule, double weightDecay, NDManager stateManager) {
        this(schedule, weightDecay, false, stateManager);
    }

    /**
     * @param decoupled whether the decay shrinks the weight directly ({@link AdamW}) rather than joining the
     *                  gradient
     */
    Adam(LearningRateSchedule schedule, double weightDecay, boolean decoupled, NDManager stateManager) {
        super(schedule, stateManager);
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    public final List<String> stateNames() {
        return List.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        double rate = currentLearningRate();
        if (decoupled) {
            weight.muli(1 - rate * weightDecay);
            updateMoments(parameterId, weight, grad, rate);
        } else if (weightDecay != 0) {
            try (NDArray decay = weight.mul(weightDecay); NDArray decayed = grad.add(decay)) {
                updateMoments(parameterId, weight, decayed, rate);
            }
        } else {
            updateMoments(parameterId, weight, grad, rate);
        }
    }

    private void updateMoments(String parameterId, NDArray weight, NDArray grad, double rate) {
        int t = step() + 1;
        NDArray mean = stateOr(parameterId, EXP_AVG, grad::zerosLike);
        NDArray square = stateOr(parameterId, EXP_AVG_SQ, grad::zerosLike);
        try (NDArray scaledGrad = grad.mul(1 - BETA1);
             NDArray gradSquared = grad.square().muli(1 - BETA2)) {
            mean.muli(BETA1).addi(scaledGrad);
            square.muli(BETA2).addi(gradSquared);
        }
        double stepSize = rate / (1 - Math.pow(BETA1, t));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(BETA2, t));
        try (NDArray denominator = square.sqrt().divi(correction2Sqrt).addi(EPSILON);
             NDArray delta = mean.div(denominator).muli(stepSize)) {
            weight.subi(delta);
        }
    }
}
