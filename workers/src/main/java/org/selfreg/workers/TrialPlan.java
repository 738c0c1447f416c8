package org.selfreg.workers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.selfreg.model.TrainConfig;

/**
 * A sweep's trials, each one resolved (preset, shared values, grid point, defaults) and checked: the sweep's
 * {@code grid}, {@code trial} and {@code evaluation} sections read with every key known and every value valid, so a
 * typo or an impossible value fails the whole sweep before any work, on the command line or in the task that opens
 * the sweep.
 */
public final class TrialPlan {

    // Thousands of forks have broken Conductor servers: refuse absurd sweeps up front.
    static final int MAX_TRIALS = 256;

    /**
     * One trial.
     *
     * @param label  the grid point in words, e.g. {@code lambda=0.01 seed=2}
     * @param config every hyperparameter, explicit (the training task's {@code trial} input)
     * @param train  the same, as the configuration the trainer runs
     */
    public record Trial(String label, Map<String, Object> config, TrainConfig train) {
    }

    private final List<Trial> trials;
    private final Map<String, Object> evaluation;
    private final EvaluationRequest evaluationRequest;

    private TrialPlan(List<Trial> trials, Map<String, Object> evaluation, EvaluationRequest evaluationRequest) {
        this.trials = trials;
        this.evaluation = evaluation;
        this.evaluationRequest = evaluationRequest;
    }

    /**
     * Reads and checks a sweep's trials.
     *
     * @throws org.selfreg.dataprep.InvalidInputException naming the key, where it was found and what to do
     */
    public static TrialPlan of(TaskInput grid, TaskInput shared, TaskInput evaluation) {
        EvaluationRequest evaluationRequest = EvaluationRequest.ofSection(evaluation);
        shared.requireOnly(TrialSpec.KEYS);
        List<Map<String, Object>> points = TrialGrid.expand(grid);
        if (points.size() > MAX_TRIALS) {
            throw grid.invalid("has " + points.size() + " trials, more than " + MAX_TRIALS
                    + ": split it into several sweeps");
        }
        List<Trial> trials = new ArrayList<>();
        for (Map<String, Object> point : points) {
            String label = TrialGrid.label(point);
            String where = "with the grid point " + label;
            Map<String, Object> config;
            try {
                config = TrialGrid.trialConfig(shared.values(), point);
            } catch (IllegalArgumentException e) {
                throw shared.derived(where, point).invalid("is not a valid training configuration: " + e.getMessage());
            }
            trials.add(new Trial(label, config, TrialSpec.toTrainConfig(shared.derived(where, config))));
        }
        return new TrialPlan(List.copyOf(trials), evaluation.values(), evaluationRequest);
    }

    public List<Trial> trials() {
        return trials;
    }

    /** The evaluation section as given (the evaluation task's options). */
    public Map<String, Object> evaluation() {
        return evaluation;
    }

    public EvaluationRequest evaluationRequest() {
        return evaluationRequest;
    }

    /**
     * The trial key of {@code trial} ({@link TrialSpec#key}): its configuration and the evaluation options, which
     * change the results a finished run holds, with the dataset digest and the code version.
     *
     * @param pretrainedFiles gives a local copy of a pretrained-weights reference, to hash its content
     */
    public String key(Trial trial, String datasetDigest, String codeVersion, Function<String, Path> pretrainedFiles) {
        Map<String, Object> identity = new LinkedHashMap<>(trial.config());
        evaluation.forEach((k, v) -> identity.put("evaluation." + k, v));
        return TrialSpec.key(identity, datasetDigest, codeVersion, pretrainedFiles);
    }
}
