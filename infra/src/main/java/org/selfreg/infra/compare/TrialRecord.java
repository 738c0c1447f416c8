package org.selfreg.infra.compare;

import java.util.Map;

/**
 * One finished trial as MLflow holds it: its hyperparameters (params) and its final scores (metrics).
 *
 * @param runId    the MLflow child run
 * @param user     who ran it ({@code mlflow.user}), to compare across a team
 * @param params   the trial's params (lambdaIntra, lambdaInter, seed, ...)
 * @param metrics  the latest value of each metric (mean_dice, mean_hd95, dice_liver, ...)
 */
public record TrialRecord(String runId, String user, Map<String, String> params, Map<String, Double> metrics) {

    /** The configuration this trial belongs to: every param but the seed, so seeds of one setting group together. */
    public String configurationLabel() {
        String intra = params.getOrDefault("lambdaIntra", "?");
        String inter = params.getOrDefault("lambdaInter", "?");
        StringBuilder label = new StringBuilder(intra.equals(inter) ? "lambda=" + intra
                : "lambdaIntra=" + intra + " lambdaInter=" + inter);
        params.entrySet().stream()
                .filter(e -> !e.getKey().equals("seed") && !e.getKey().startsWith("lambda"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> label.append('\u0000').append(e.getKey()).append('=').append(e.getValue()));
        return label.toString();
    }

    /** The x value of the Dice-against-lambda chart: the single lambda, or lambda_intra + lambda_inter. */
    public double lambdaSum() {
        double intra = Double.parseDouble(params.getOrDefault("lambdaIntra", "0"));
        double inter = Double.parseDouble(params.getOrDefault("lambdaInter", "0"));
        return intra == inter ? intra : intra + inter;
    }
}
