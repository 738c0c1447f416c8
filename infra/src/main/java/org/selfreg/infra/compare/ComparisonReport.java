package org.selfreg.infra.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.Objects;
import java.util.Map;
import org.selfreg.tracking.ModelRegistry;

/**
 * The comparison as files: {@code comparison.md} (tables, and which trial each registered model version came from),
 * {@code comparison.html} (the same with the chart inline) and {@code dice_vs_lambda.png}.
 */
public final class ComparisonReport {

    private ComparisonReport() {
    }

    /**
     * Writes the report into {@code dir}; returns the Markdown file.
     *
     * @param registered the registered model versions whose runs are among the compared trials
     */
    public static Path write(Comparison comparison, List<ModelRegistry.Version> registered, String title, Path dir) {
        try {
            Files.createDirectories(dir);
            DiceChart.write(comparison, dir.resolve("dice_vs_lambda.png"));
            String markdown = markdown(comparison, registered, title);
            Files.writeString(dir.resolve("comparison.md"), markdown);
            Files.writeString(dir.resolve("comparison.html"), html(markdown, title));
            return dir.resolve("comparison.md");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison report into " + dir, e);
        }
    }

    static String markdown(Comparison comparison, List<ModelRegistry.Version> registered, String title) {
        StringBuilder md = new StringBuilder("# " + title + "\n\n");
        comparison.best().ifPresent(b -> md.append("Best configuration: **").append(b.label())
                .append("**, mean Dice ").append(b.dice().format(4)).append(" over ").append(b.dice().n())
                .append(" seed(s).\n\n"));
        Map<TrialRecord, String> stopped = comparison.stopped();
        comparison.bestWithStopped().filter(b -> !stopped.isEmpty()).ifPresent(b -> md
                .append("With the ").append(stopped.size()).append(" trial(s) a scheduler stopped early pooled in: **")
                .append(b.label()).append("**, mean Dice ").append(b.dice().format(4)).append(".\n\n"));
        SecondMetric second = comparison.secondMetric();
        md.append("![Dice against lambda](dice_vs_lambda.png)\n\n## Overall\n\n")
                .append("| configuration | trials | mean Dice | mean ").append(second.label())
                .append(" | users |\n|---|---|---|---|---|\n");
        for (Comparison.Group g : comparison.groups()) {
            md.append("| ").append(g.label()).append(" | ").append(g.trials().size()).append(" | ")
                    .append(g.dice().format(4)).append(" | ").append(g.second().format(second.meanDigits()))
                    .append(" | ")
                    .append(String.join(", ", g.trials().stream().map(TrialRecord::user).distinct().sorted().toList()))
                    .append(" |\n");
        }
        appendStopped(md, stopped);
        appendFolds(md, comparison);
        appendRungForecast(md, comparison);
        appendConfigurations(md, comparison);
        appendRegistered(md, comparison, registered);
        appendOrganTable(md, comparison, "Dice per class", true);
        appendOrganTable(md, comparison, second.label() + " per class", false);
        return md.toString();
    }

    /** The trials a scheduler stopped: not in the tables above, whose scores are of trials trained to the end. */
    private static void appendStopped(StringBuilder md, Map<TrialRecord, String> stopped) {
        if (stopped.isEmpty()) {
            return;
        }
        md.append("\n## Stopped early\n\nTrials a sweep's scheduler stopped (ASHA or the median rule), evaluated on"
                + " the checkpoint they reached; the tables above leave them out.\n\n"
                + "| configuration | seed | stopped after epoch | mean Dice | MLflow run |\n|---|---|---|---|---|\n");
        stopped.forEach((t, label) -> md.append("| ").append(label).append(" | ")
                .append(t.params().getOrDefault("seed", "-")).append(" | ").append(t.stoppedAfterEpoch())
                .append(" | ").append(String.format(Locale.ROOT, "%.4f", t.metrics().getOrDefault("mean_dice",
                        Double.NaN))).append(" | ").append(t.runId()).append(" |\n"));
    }

    /** How early validation Dice ranked these trials: where the next sweep's scheduler can make its first decision. */
    private static void appendRungForecast(StringBuilder md, Comparison comparison) {
        comparison.rungForecast().ifPresent(forecast -> md.append("\n## When validation ranks the trials\n\n")
                .append("For choosing a scheduler's `minEpochs` (ASHA, the median rule): for the ")
                .append(forecast.trials()).append(" trials trained to the end, the best validation Dice so far at each"
                        + " epoch (what a scheduler decides on) against the ranking at the end. Where the trial that"
                        + " ends best is outside the top third, ASHA with its default reduction 3 would stop it; a"
                        + " low or negative rho means that epoch's ranking is noise.\n\n")
                .append(forecast.table(3)));
    }

    /** Mean Dice per configuration and cross-validation fold (over its seeds), when the trials have folds. */
    private static void appendFolds(StringBuilder md, Comparison comparison) {
        SortedSet<Integer> folds = new TreeSet<>();
        comparison.groups().forEach(g -> g.trials().stream().map(t -> t.params().get(TrialRecord.FOLD))
                .filter(Objects::nonNull).forEach(f -> folds.add(Integer.parseInt(f))));
        if (folds.isEmpty()) {
            return;
        }
        md.append("\n## Per fold\n\nMean Dice ± std over the seeds of each cross-validation fold; the overall table"
                + " pools folds and seeds.\n\n| configuration | ");
        folds.forEach(f -> md.append("fold ").append(f).append(" | "));
        md.append("\n|---|").append("---|".repeat(folds.size())).append('\n');
        for (Comparison.Group g : comparison.groups()) {
            md.append("| ").append(g.label()).append(" | ");
            for (int fold : folds) {
                List<Double> dice = g.trials().stream()
                        .filter(t -> Integer.toString(fold).equals(t.params().get(TrialRecord.FOLD)))
                        .map(t -> t.metrics().getOrDefault("mean_dice", Double.NaN)).toList();
                md.append(dice.isEmpty() ? "-" : Stats.of(dice).format(4)).append(" | ");
            }
            md.append('\n');
        }
    }

    /** What each short label stands for: the table right below the one that uses the labels. */
    private static void appendConfigurations(StringBuilder md, Comparison comparison) {
        md.append("\n## Configurations\n\nEach configuration is named by the params that differ between them;"
                + " here are all of its params (the seed aside).\n\n| configuration | params |\n|---|---|\n");
        comparison.groups().forEach(g -> md.append("| ").append(g.label()).append(" | ")
                .append(ConfigurationLabels.full(g.configuration())).append(" |\n"));
    }

    /** Which trial each registered version came from, so a promoted model can be traced to its configuration. */
    private static void appendRegistered(StringBuilder md, Comparison comparison,
                                         List<ModelRegistry.Version> registered) {
        if (registered.isEmpty()) {
            return;
        }
        Map<String, Comparison.Group> groupOfRun = new HashMap<>();
        Map<String, TrialRecord> trialOfRun = new HashMap<>();
        comparison.groups().forEach(g -> g.trials().forEach(t -> {
            groupOfRun.put(t.runId(), g);
            trialOfRun.put(t.runId(), t);
        }));
        md.append("\n## Registered models\n\nEach sweep registers its best trial by validation Dice; these versions"
                + " came from the trials above.\n\n| version | aliases | configuration | seed | trial run |\n"
                + "|---|---|---|---|---|\n");
        registered.stream().sorted(Comparator.comparing(ModelRegistry.Version::name)
                        .thenComparing(v -> Long.parseLong(v.version())))
                .filter(v -> groupOfRun.containsKey(v.runId()))
                .forEach(v -> md.append("| ").append(v.uri()).append(" | ").append(String.join(", ", v.aliases()))
                        .append(" | ").append(groupOfRun.get(v.runId()).label()).append(" | ")
                        .append(trialOfRun.get(v.runId()).params().getOrDefault("seed", "-")).append(" | ")
                        .append(v.runId()).append(" |\n"));
    }

    private static void appendOrganTable(StringBuilder md, Comparison comparison, String heading, boolean dice) {
        List<String> organs = comparison.groups().isEmpty() ? List.of()
                : List.copyOf(comparison.groups().get(0).organDice().keySet());
        if (organs.isEmpty()) {
            return;
        }
        md.append("\n## ").append(heading).append("\n\n| configuration | ")
                .append(String.join(" | ", organs)).append(" |\n|---|")
                .append("---|".repeat(organs.size())).append('\n');
        for (Comparison.Group g : comparison.groups()) {
            Map<String, Stats> values = dice ? g.organDice() : g.organSecond();
            md.append("| ").append(g.label()).append(" | ");
            for (String organ : organs) {
                md.append(values.get(organ).format(dice ? 3 : comparison.secondMetric().classDigits())).append(" | ");
            }
            md.append('\n');
        }
    }

    /** A minimal HTML page around the Markdown tables, readable in any browser without a renderer. */
    private static String html(String markdown, String title) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title><style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style>"
                        + "</head><body>\n");
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("|")) {
                if (line.startsWith("|---")) {
                    continue;
                }
                if (!inTable) {
                    html.append("<table>\n");
                    inTable = true;
                }
                html.append("<tr>");
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    html.append("<td>").append(escape(cell.strip())).append("</td>");
                }
                html.append("</tr>\n");
                continue;
            }
            if (inTable) {
                html.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("# ")) {
                html.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("## ")) {
                html.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("![")) {
                html.append("<img src=\"dice_vs_lambda.png\" alt=\"Dice against lambda\">\n");
            } else if (!line.isBlank()) {
                html.append("<p>").append(escape(line).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>")).append("</p>\n");
            }
        }
        if (inTable) {
            html.append("</table>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
