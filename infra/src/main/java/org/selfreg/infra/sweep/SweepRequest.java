package org.selfreg.infra.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep runs: the dataset to prepare, the lambdas to try and the trial hyperparameters shared by all trials.
 *
 * @param experiment the MLflow experiment
 * @param sweepName  the name of the sweep's parent run
 * @param dataset    the {@code selfreg_prepare_data} dataset input (e.g. {@code source=synthetic})
 * @param lambdas    one trial per value; lambda_intra = lambda_inter = value, as the reference's single lambda
 * @param trial      trial hyperparameters (epochs, batchSize, baseLr, baseWidth, imageSize, seed, ...)
 */
public record SweepRequest(String experiment, String sweepName, Map<String, Object> dataset, List<Double> lambdas,
                           Map<String, Object> trial) {

    public SweepRequest {
        dataset = Map.copyOf(dataset);
        lambdas = List.copyOf(lambdas);
        trial = Map.copyOf(trial);
    }

    /** The {@code selfreg_sweep} workflow input. */
    public Map<String, Object> workflowInput() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("experiment", experiment);
        input.put("sweepName", sweepName);
        input.put("dataset", dataset);
        input.put("lambdas", lambdas);
        input.put("trial", trial);
        return input;
    }
}
