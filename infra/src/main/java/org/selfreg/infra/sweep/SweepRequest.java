package org.selfreg.infra.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep runs: the dataset to prepare, the hyperparameters to try and the ones shared by all trials.
 *
 * @param experiment the MLflow experiment
 * @param sweepName  the name of the sweep's parent run
 * @param dataset    the {@code selfreg_prepare_data} dataset input (e.g. {@code source=synthetic})
 * @param grid       the values to try per hyperparameter; one trial per combination ({@code lambda} sets
 *                   lambda_intra = lambda_inter, as the reference's single lambda)
 * @param trial      trial hyperparameters shared by all trials (epochs, batchSize, baseLr, baseWidth, ...)
 * @param evaluation evaluation options (selection: validation | test-set, metricMode: corrected | paper,
 *                   paperGeometry), empty for the defaults
 * @param search     points drawn over ranges ({@code method}, {@code trials}, {@code seed}, {@code space}), each tried
 *                   with every grid point; empty for a plain grid
 * @param registeredModel the registered model of which the best trial becomes a version (null: the experiment's name)
 * @param scheduler  which trials to stop early ({@code type: asha | median | none} and its options,
 *                   {@code SchedulerSpec}); empty for none
 */
public record SweepRequest(String experiment, String sweepName, Map<String, Object> dataset, Map<String, Object> grid,
                           Map<String, Object> trial, Map<String, Object> evaluation, Map<String, Object> search,
                           String registeredModel, Map<String, Object> scheduler) {

    public SweepRequest {
        registeredModel = registeredModel == null ? experiment : registeredModel;
        dataset = Map.copyOf(dataset);
        grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        trial = Map.copyOf(trial);
        evaluation = Map.copyOf(evaluation);
        search = Collections.unmodifiableMap(new LinkedHashMap<>(search));
        scheduler = Collections.unmodifiableMap(new LinkedHashMap<>(scheduler));
    }

    /** A grid sweep, without a search, whose best trial is registered under the experiment's name. */
    public SweepRequest(String experiment, String sweepName, Map<String, Object> dataset, Map<String, Object> grid,
                        Map<String, Object> trial, Map<String, Object> evaluation) {
        this(experiment, sweepName, dataset, grid, trial, evaluation, Map.of(), null, Map.of());
    }

    /** A sweep with a search, whose best trial is registered under the experiment's name. */
    public SweepRequest(String experiment, String sweepName, Map<String, Object> dataset, Map<String, Object> grid,
                        Map<String, Object> trial, Map<String, Object> evaluation, Map<String, Object> search) {
        this(experiment, sweepName, dataset, grid, trial, evaluation, search, null, Map.of());
    }

    /** A grid sweep whose best trial is registered as a version of {@code registeredModel}. */
    public SweepRequest(String experiment, String sweepName, Map<String, Object> dataset, Map<String, Object> grid,
                        Map<String, Object> trial, Map<String, Object> evaluation, String registeredModel) {
        this(experiment, sweepName, dataset, grid, trial, evaluation, Map.of(), registeredModel, Map.of());
    }

    /** The same sweep under a scheduler ({@code type: asha | median | none} and its options). */
    public SweepRequest withScheduler(Map<String, Object> schedulerSection) {
        return new SweepRequest(experiment, sweepName, dataset, grid, trial, evaluation, search, registeredModel,
                schedulerSection);
    }

    /** The reference's one-lambda sweep. */
    public static Map<String, Object> lambdaGrid(List<Double> lambdas) {
        return Map.of("lambda", List.copyOf(lambdas));
    }

    /** The {@code selfreg_sweep} workflow input. */
    public Map<String, Object> workflowInput() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("experiment", experiment);
        input.put("sweepName", sweepName);
        input.put("registeredModel", registeredModel);
        input.put("dataset", dataset);
        input.put("grid", grid);
        input.put("search", search);
        input.put("scheduler", scheduler);
        input.put("trial", trial);
        input.put("evaluation", evaluation);
        return input;
    }
}
