package org.selfreg.workers;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The result table of a sweep, one row per trial, as plain text for the console and Markdown/CSV for MLflow, with
 * the best trial among those that trained to the end and, where a scheduler stopped some, among all of them.
 */
public final class SweepTable {

    /**
     * One trial's outcome; the numbers are NaN when the trial did not produce them.
     *
     * @param epochsCompleted the epochs the trial trained, 0 when not known (a failed trial, an earlier run)
     */
    public record Row(String trial, String status, double meanDice, double meanHd95, double trainSeconds,
                      double evalSeconds, String runId, int epochsCompleted) {

        /** Status of a trial that ran in this sweep to its last epoch and produced results. */
        public static final String COMPLETED = "COMPLETED";
        /** Status of a trial whose results come from an earlier FINISHED run with the same trial key. */
        public static final String REUSED = "REUSED";
        /** Status of a trial the sweep's scheduler ended early; evaluated on the checkpoint it reached. */
        public static final String STOPPED = "STOPPED";
        /** Status of a trial that ended without results. */
        public static final String FAILED = "FAILED";

        /** Whether the trial trained to the end and has results: a candidate for the sweep's best. */
        public boolean completed() {
            return COMPLETED.equals(status) || REUSED.equals(status);
        }

        /** Whether the trial has test results, stopped ones included. */
        public boolean evaluated() {
            return (completed() || STOPPED.equals(status)) && Double.isFinite(meanDice);
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

    /** The trial with the highest mean Dice among those that trained to the end. */
    public Optional<Row> best() {
        return rows.stream().filter(Row::completed).filter(Row::evaluated)
                .max(Comparator.comparingDouble(Row::meanDice));
    }

    /** The trial with the highest mean Dice, stopped trials included. */
    public Optional<Row> bestWithStopped() {
        return rows.stream().filter(Row::evaluated).max(Comparator.comparingDouble(Row::meanDice));
    }

    /** A fixed-width table for terminals, then the best trial (and the best with stopped ones, where they differ). */
    public String toText() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %-10s %6s %10s %10s %10s%n",
                "trial", "status", "epochs", "mean Dice", "mean HD95", "wall (s)"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-24s %-10s %6s %10s %10s %10s%n", r.trial(), r.status(),
                    epochs(r), num(r.meanDice(), 4), num(r.meanHd95(), 2), num(r.wallSeconds(), 1)));
        }
        bestLines().forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder("| trial | status | epochs | mean Dice | mean HD95 | wall (s) | MLflow run |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.trial()).append(" | ").append(r.status()).append(" | ").append(epochs(r))
                    .append(" | ").append(num(r.meanDice(), 4)).append(" | ").append(num(r.meanHd95(), 2))
                    .append(" | ").append(num(r.wallSeconds(), 1)).append(" | ")
                    .append(r.runId() == null ? "" : r.runId()).append(" |\n");
        }
        List<String> best = bestLines();
        if (!best.isEmpty()) {
            out.append('\n');
            best.forEach(line -> out.append(line).append("\n\n"));
        }
        return out.toString();
    }

    public String toCsv() {
        StringBuilder out = new StringBuilder(
                "trial,status,epochs,mean_dice,mean_hd95,train_seconds,eval_seconds,run_id\n");
        for (Row r : rows) {
            out.append(String.join(",", r.trial(), r.status(), epochs(r), Double.toString(r.meanDice()),
                    Double.toString(r.meanHd95()), Double.toString(r.trainSeconds()),
                    Double.toString(r.evalSeconds()), r.runId() == null ? "" : r.runId())).append('\n');
        }
        return out.toString();
    }

    /** "Best: ..." lines; the one with stopped trials only where a stopped trial scores higher. */
    private List<String> bestLines() {
        Optional<Row> best = best();
        Optional<Row> withStopped = bestWithStopped();
        String line = best.map(b -> "Best trial: " + b.trial() + " (mean Dice " + num(b.meanDice(), 4) + ")")
                .orElse("Best trial: none trained to the end with results");
        if (withStopped.isPresent() && !withStopped.equals(best)) {
            Row s = withStopped.get();
            return List.of(line, "Best with stopped trials: " + s.trial() + " (mean Dice " + num(s.meanDice(), 4)
                    + " after " + s.epochsCompleted() + " epochs; trained further it may differ)");
        }
        return rows.stream().anyMatch(Row::evaluated) ? List.of(line) : List.of();
    }

    private static String epochs(Row r) {
        return r.epochsCompleted() > 0 ? Integer.toString(r.epochsCompleted()) : "-";
    }

    private static String num(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
