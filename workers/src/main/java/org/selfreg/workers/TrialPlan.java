package org.selfreg.workers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.selfreg.model.TrainConfig;

/**
 * A sweep's trials, each one resolved (preset, shared values, search point, grid point, defaults) and checked: the
 * sweep's {@code grid}, {@code search}, {@code trial} and {@code evaluation} sections read with every key known and
 * every value valid, so a typo or an impossible value fails the whole sweep before any work, on the command line or in
 * the task that opens the sweep.
 *
 * <p>A search ({@link SearchSpace}) composes with the grid as a product: every search point is tried with every grid
 * point (e.g. each sampled configuration with each seed of {@code grid.seed}), the grid varying fastest so that a
 * configuration's seeds sit together.
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
    private final SearchSpace search;
    private final Map<String, Object> evaluation;
    private final EvaluationRequest evaluationRequest;

    private TrialPlan(List<Trial> trials, SearchSpace search, Map<String, Object> evaluation,
                      EvaluationRequest evaluationRequest) {
        this.trials = trials;
        this.search = search;
        this.evaluation = evaluation;
        this.evaluationRequest = evaluationRequest;
    }

    /**
     * Reads and checks a sweep's trials.
     *
     * @throws org.selfreg.dataprep.InvalidInputException naming the key, where it was found and what to do
     */
    public static TrialPlan of(TaskInput grid, TaskInput search, TaskInput shared, TaskInput evaluation) {
        EvaluationRequest evaluationRequest = EvaluationRequest.ofSection(evaluation);
        shared.requireOnly(TrialSpec.KEYS);
        SearchSpace space = SearchSpace.of(search, TrialGrid.KEYS);
        List<Map<String, Object>> gridPoints = TrialGrid.expand(grid);
        requireDisjoint(grid, space);
        List<Map<String, Object>> searchPoints = space.points();
        int count = gridPoints.size() * searchPoints.size();
        if (count > MAX_TRIALS) {
            throw grid.invalid("has " + count + " trials" + (space.isEmpty() ? "" : " with the search's points")
                    + ", more than " + MAX_TRIALS + ": split it into several sweeps");
        }
        List<Trial> trials = new ArrayList<>();
        for (Map<String, Object> point : products(searchPoints, gridPoints)) {
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
        return new TrialPlan(List.copyOf(trials), space, evaluation.values(), evaluationRequest);
    }

    /** Each search point with each grid point, the grid varying fastest. */
    private static List<Map<String, Object>> products(List<Map<String, Object>> searchPoints,
                                                      List<Map<String, Object>> gridPoints) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (Map<String, Object> searchPoint : searchPoints) {
            for (Map<String, Object> gridPoint : gridPoints) {
                Map<String, Object> point = new LinkedHashMap<>(searchPoint);
                point.putAll(gridPoint);
                points.add(point);
            }
        }
        return points;
    }

    /** A hyperparameter both searched and on the grid would be set twice, one value silently winning. */
    private static void requireDisjoint(TaskInput grid, SearchSpace space) {
        Set<String> searched = TrialGrid.trialKeys(space.keys());
        for (String key : grid.values().keySet()) {
            Set<String> both = new TreeSet<>(TrialGrid.trialKeys(Set.of(key)));
            both.retainAll(searched);
            if (!both.isEmpty()) {
                throw grid.invalid(key, "is also varied by the search's space (both set " + String.join(", ", both)
                        + "): vary it in one of them only");
            }
        }
    }

    public List<Trial> trials() {
        return trials;
    }

    /** The search the trials' sampled values come from (empty for a plain grid). */
    public SearchSpace search() {
        return search;
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
