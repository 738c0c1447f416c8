package org.selfreg.workers;

import java.util.List;
import java.util.Locale;

/**
 * The result table of a sweep, one row per trial, as plain text for the console and Markdown/CSV for MLflow.
 */
public final class SweepTable {

    /** One trial's outcome; the numbers are NaN when the trial did not produce them. */
    public record Row(String trial, String status, double meanDice, double meanHd95, double trainSeconds,
                      double evalSeconds, String runId) {

        /** Status of a trial that ran in this sweep and produced results. */
        public static final String COMPLETED = "COMPLETED";
        /** Status of a trial whose results come from an earlier FINISHED run with the same trial key. */
        public static final String REUSED = "REUSED";
        /** Status of a trial that ended without results. */
        public static final String FAILED = "FAILED";

        public boolean completed() {
            return COMPLETED.equals(status) || REUSED.equals(status);
        }

        /** Wall time of the trial: training plus evaluation. */
        public double wallSeconds() {
            return trainSeconds + evalSeconds;
        }
    }

    private final List<Row> rows;

    public SweepTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** A fixed-width table for terminals. */
    public String toText() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %-10s %10s %10s %10s%n",
                "trial", "status", "mean Dice", "mean HD95", "wall (s)"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-24s %-10s %10s %10s %10s%n", r.trial(), r.status(),
                    num(r.meanDice(), 4), num(r.meanHd95(), 2), num(r.wallSeconds(), 1)));
        }
        return out.toString();
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder("| trial | status | mean Dice | mean HD95 | wall (s) | MLflow run |\n"
                + "|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.trial()).append(" | ").append(r.status()).append(" | ")
                    .append(num(r.meanDice(), 4)).append(" | ").append(num(r.meanHd95(), 2)).append(" | ")
                    .append(num(r.wallSeconds(), 1)).append(" | ").append(r.runId() == null ? "" : r.runId())
                    .append(" |\n");
        }
        return out.toString();
    }

    public String toCsv() {
        StringBuilder out = new StringBuilder("trial,status,mean_dice,mean_hd95,train_seconds,eval_seconds,run_id\n");
        for (Row r : rows) {
            out.append(String.join(",", r.trial(), r.status(), Double.toString(r.meanDice()),
                    Double.toString(r.meanHd95()), Double.toString(r.trainSeconds()),
                    Double.toString(r.evalSeconds()), r.runId() == null ? "" : r.runId())).append('\n');
        }
        return out.toString();
    }

    private static String num(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
