package org.selfreg.workers;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service.Metric;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.ModelRegistry;

/**
 * Registers a sweep's best trial as a version of a registered model. The best is the trial with the highest
 * validation Dice: the score by which training chose the checkpoint that the evaluation scored and packaged. The test
 * score never chooses, so the registered model is not selected on the data that reports it.
 */
final class BestTrialRegistration {

    /**
     * A trial with results, as registration weighs it.
     *
     * @param trial          its label in the sweep table
     * @param trialKey       its key (the hash of its configuration and data)
     * @param runId          the MLflow run holding its model
     * @param validationDice the validation Dice of its best checkpoint; NaN when it had no validation split
     */
    record Candidate(String trial, String trialKey, String runId, double validationDice) {
    }

    private BestTrialRegistration() {
    }

    /** The candidate with the highest validation Dice (the first of equals); none when no trial was validated. */
    static Optional<Candidate> best(List<Candidate> candidates) {
        return candidates.stream().filter(c -> Double.isFinite(c.validationDice()))
                .max(Comparator.comparingDouble(Candidate::validationDice));
    }

    /** The validation Dice of the checkpoint training kept as best: the highest of the per-epoch values, or NaN. */
    static double validationDice(List<Metric> history) {
        return history.stream().mapToDouble(Metric::getValue).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /**
     * Registers the best of {@code candidates} as a version of {@code modelName}, tagged with its trial key and the
     * sweep's parent run; the same trial registered again gives the same version.
     *
     * @return the version, or empty when no candidate has a validation score
     */
    static Optional<ModelRegistry.Version> register(String modelName, String parentRunId, List<Candidate> candidates,
                                                    MlflowTracker tracker) {
        return best(candidates).map(best -> {
            URI artifacts = URI.create(tracker.run(best.runId()).getInfo().getArtifactUri());
            URI source = URI.create(artifacts + "/" + ModelPackage.ARTIFACT_PATH);
            return tracker.registry().register(modelName, best.runId(), source, Map.of(
                    MlflowTracker.TRIAL_KEY_TAG, best.trialKey(),
                    ModelRegistry.SWEEP_RUN_TAG, parentRunId,
                    TrainWorker.VALIDATION_DICE_METRIC, Double.toString(best.validationDice())));
        });
    }
}
