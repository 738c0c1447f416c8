package org.selfreg.infra.compare;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One evaluated trial as MLflow holds it: its hyperparameters (params) and its final scores (metrics).
 *
 * @param runId    the MLflow child run
 * @param user     who ran it ({@code mlflow.user}), to compare across a team
 * @param params   the trial's params (lambdaIntra, lambdaInter, seed, ...)
 * @param metrics  the latest value of each metric (mean_dice, mean_hd95, dice_liver, ...)
 * @param stoppedAfterEpoch the epochs it trained when a sweep's scheduler stopped it; 0 for a trial trained to the end
 * @param validationDice its validation Dice by epoch ({@code val_dice}'s history), empty where not read
 */
public record TrialRecord(String runId, String user, Map<String, String> params, Map<String, Double> metrics,
                          int stoppedAfterEpoch, SortedMap<Integer, Double> validationDice) {

    public TrialRecord {
        validationDice = Collections.unmodifiableSortedMap(new TreeMap<>(validationDice));
    }

    /** A trial trained to the end, without its validation curve. */
    public TrialRecord(String runId, String user, Map<String, String> params, Map<String, Double> metrics) {
        this(runId, user, params, metrics, 0, new TreeMap<>());
    }

    /** Whether a sweep's scheduler stopped it before its last epoch. */
    public boolean stopped() {
        return stoppedAfterEpoch > 0;
    }

    /** The param of the cross-validation fold a trial validated on, absent without folds. */
    public static final String FOLD = "fold";

    /**
     * The configuration this trial belongs to: every param but the seed and the fold, so the seeds and folds of one
     * setting group together (mean ± std over both).
     */
    public SortedMap<String, String> configuration() {
        SortedMap<String, String> configuration = new TreeMap<>(params);
        configuration.remove("seed");
        configuration.remove(FOLD);
        return configuration;
    }

    /** The x value of the Dice-against-lambda chart: the single lambda, or lambda_intra + lambda_inter. */
    public double lambdaSum() {
        double intra = Double.parseDouble(params.getOrDefault("lambdaIntra", "0"));
        double inter = Double.parseDouble(params.getOrDefault("lambdaInter", "0"));
        return intra == inter ? intra : intra + inter;
    }
}
