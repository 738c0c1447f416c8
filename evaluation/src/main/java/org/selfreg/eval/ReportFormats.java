package org.selfreg.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Renders an {@link EvaluationReport} as CSV, Markdown and the reference's (TransUNet) test log, each naming the
 * checkpoint, how it was selected and the metric mode.
 */
public final class ReportFormats {

    /** File names written by {@link #writeAll(EvaluationReport, Path)}. */
    public static final String CSV = "report.csv";
    public static final String MARKDOWN = "report.md";
    public static final String TRANSUNET_LOG = "transunet_log.txt";
    /** File names {@link #writeAll(TestSetSelection, Path)} adds: every candidate's headline numbers. */
    public static final String CANDIDATES_CSV = "candidates.csv";
    public static final String CANDIDATES_MARKDOWN = "candidates.md";

    private ReportFormats() {
    }

    /** Writes the three renderings into {@code dir}. */
    public static void writeAll(EvaluationReport report, Path dir) {
        write(dir.resolve(CSV), csv(report));
        write(dir.resolve(MARKDOWN), markdown(report));
        write(dir.resolve(TRANSUNET_LOG), transUnetLog(report));
    }

    /**
     * Writes the chosen checkpoint's CSV and Markdown, the candidates' table, and one TransUNet log holding every
     * candidate's block, as the reference's single log file of its checkpoint sweep does.
     */
    public static void writeAll(TestSetSelection selection, Path dir) {
        EvaluationReport chosen = selection.chosenReport();
        write(dir.resolve(CSV), csv(chosen));
        write(dir.resolve(MARKDOWN), markdown(chosen));
        write(dir.resolve(CANDIDATES_CSV), candidatesCsv(selection));
        write(dir.resolve(CANDIDATES_MARKDOWN), candidatesMarkdown(selection));
        write(dir.resolve(TRANSUNET_LOG), testSetLog(selection));
    }

    /**
     * One row per case and class, then one {@code mean} row per class and an overall {@code mean} row; every row
     * ends with the checkpoint, its selection and the metric mode.
     */
    public static String csv(EvaluationReport report) {
        StringBuilder out = new StringBuilder("case,class,organ,dice,hd95,jaccard,assd,monai_hd95,predicted_voxels,"
                + "truth_voxels,checkpoint,selection,metric_mode\n");
        String provenance = String.join(",", csvField(report.selection().checkpoint()),
                csvField(report.selection().label()), modeName(report.mode()));
        for (CaseMetrics c : report.cases()) {
            for (ClassMetrics m : c.classes()) {
                out.append(String.join(",", csvField(c.caseName()), Integer.toString(m.classId()), csvField(m.organ()),
                        number(m.dice()), number(m.hd95()), number(m.jaccard()), number(m.assd()),
                        number(m.monaiHd95()), Integer.toString(m.predictedVoxels()),
                        Integer.toString(m.truthVoxels()), provenance)).append('\n');
            }
        }
        for (ClassSummary s : report.classes()) {
            out.append(String.join(",", "mean", Integer.toString(s.classId()), csvField(s.organ()), number(s.meanDice()),
                    number(s.meanHd95()), number(s.meanJaccard()), number(s.meanAssd()), number(s.meanMonaiHd95()),
                    "", "", provenance)).append('\n');
        }
        out.append(String.join(",", "mean", "", "all", number(report.meanDice()), number(report.meanHd95()),
                "", "", "", "", "", provenance)).append('\n');
        return out.toString();
    }

    /** The provenance, the headline, a per-class table with organ names, and per-case Dice and HD95 tables. */
    public static String markdown(EvaluationReport report) {
        String unit = unit(report.mode());
        StringBuilder out = new StringBuilder("# Evaluation\n\n");
        out.append("- Checkpoint: `").append(report.selection().checkpoint()).append("`, ")
                .append(report.selection().label()).append('\n');
        out.append("- Metric mode: ").append(modeName(report.mode())).append(" (").append(modeRule(report.mode()))
                .append(")\n");
        out.append("- HD95: medpy's 95th percentile of both directions' surface distances pooled; MONAI HD95: the"
                + " larger of the two directed 95th percentiles\n\n");
        out.append(String.format(Locale.ROOT, "**Mean DSC %.4f, mean HD95 %.2f %s** over %d cases (%s).%n%n",
                report.meanDice(), report.meanHd95(), unit, report.cases().size(), report.selection().label()));
        out.append("## Per class (mean over cases)\n\n");
        out.append("| class | organ | DSC | HD95 | Jaccard | ASSD | MONAI HD95 | absent | missed |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ClassSummary s : report.classes()) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %d | %d |%n",
                    s.classId(), s.organ(), cell(s.meanDice(), "%.4f"), cell(s.meanHd95(), "%.2f"),
                    cell(s.meanJaccard(), "%.4f"), cell(s.meanAssd(), "%.2f"), cell(s.meanMonaiHd95(), "%.2f"),
                    s.absentCases(), s.missedCases()));
        }
        out.append("\n`absent`: cases without the class in the ground truth; `missed`: cases where the prediction has "
                + "none of a present class.\n\n");
        perCaseTable(out, report, "## Per case: DSC\n\n", ClassMetrics::dice, CaseMetrics::meanDice, "%.4f");
        perCaseTable(out, report, "## Per case: HD95 (" + unit + ")\n\n", ClassMetrics::hd95, CaseMetrics::meanHd95,
                "%.2f");
        return out.toString().stripTrailing() + "\n";
    }

    /**
     * The lines the reference's {@code inference} logs, formatted with Python's {@code %f}, after one line naming the
     * checkpoint, its selection and the metric mode.
     */
    public static String transUnetLog(EvaluationReport report) {
        StringBuilder out = new StringBuilder(line("%s.params (%s, metric mode %s)", report.selection().checkpoint(),
                report.selection().label(), modeName(report.mode())));
        int idx = 0;
        for (CaseMetrics c : report.cases()) {
            out.append(line("idx %d case %s mean_dice %s mean_hd95 %s", idx++, c.caseName(),
                    pythonFloat(c.meanDice()), pythonFloat(c.meanHd95())));
        }
        for (ClassSummary s : report.classes()) {
            out.append(line("Mean class %d mean_dice %s mean_hd95 %s", s.classId(), pythonFloat(s.meanDice()),
                    pythonFloat(s.meanHd95())));
        }
        out.append(line("Testing performance in best val model: mean_dice : %s mean_hd95 : %s",
                pythonFloat(report.meanDice()), pythonFloat(report.meanHd95())));
        return out.toString();
    }

    /** Every candidate's log block in evaluation order, then the choice, labelled as test-set selection. */
    static String testSetLog(TestSetSelection selection) {
        StringBuilder out = new StringBuilder();
        for (EvaluationReport candidate : selection.candidates().values()) {
            out.append(transUnetLog(candidate));
        }
        EvaluationReport chosen = selection.chosenReport();
        out.append(line("%s: %s.params mean_dice : %s mean_hd95 : %s", ModelSelection.TEST_SET_LABEL,
                selection.chosen(), pythonFloat(chosen.meanDice()), pythonFloat(chosen.meanHd95())));
        return out.toString();
    }

    static String candidatesCsv(TestSetSelection selection) {
        StringBuilder out = new StringBuilder("checkpoint,mean_dice,mean_hd95,chosen,selection,metric_mode\n");
        for (Map.Entry<String, EvaluationReport> e : selection.candidates().entrySet()) {
            out.append(String.join(",", csvField(e.getKey()), number(e.getValue().meanDice()),
                    number(e.getValue().meanHd95()), Boolean.toString(e.getKey().equals(selection.chosen())),
                    ModelSelection.TEST_SET_LABEL,
                    modeName(e.getValue().mode()))).append('\n');
        }
        return out.toString();
    }

    static String candidatesMarkdown(TestSetSelection selection) {
        EvaluationReport chosen = selection.chosenReport();
        StringBuilder out = new StringBuilder("# Checkpoints on the test set: " + ModelSelection.TEST_SET_LABEL
                + "\n\n");
        out.append("Every checkpoint was scored on the test set and the best mean DSC is reported, as the authors' "
                + "sweep did. The choice has seen the test labels, so these numbers are optimistic; the "
                + "validation-selected result is the honest one.\n\n");
        out.append("Metric mode: ").append(modeName(chosen.mode())).append(" (").append(modeRule(chosen.mode()))
                .append(")\n\n");
        out.append("| checkpoint | mean DSC | mean HD95 (").append(unit(chosen.mode())).append(") | chosen |\n");
        out.append("|---|---:|---:|---|\n");
        for (Map.Entry<String, EvaluationReport> e : selection.candidates().entrySet()) {
            out.append(String.format(Locale.ROOT, "| `%s` | %.4f | %.2f | %s |%n", e.getKey(),
                    e.getValue().meanDice(), e.getValue().meanHd95(),
                    e.getKey().equals(selection.chosen()) ? "yes" : ""));
        }
        return out.toString();
    }

    private static void perCaseTable(StringBuilder out, EvaluationReport report, String title,
                                     ToDoubleFunction<ClassMetrics> metric, ToDoubleFunction<CaseMetrics> mean,
                                     String format) {
        List<ClassSummary> classes = report.classes();
        out.append(title).append("| case |");
        classes.forEach(s -> out.append(' ').append(s.organ()).append(" |"));
        out.append(" mean |\n|---|");
        out.append("---:|".repeat(classes.size() + 1)).append('\n');
        for (CaseMetrics c : report.cases()) {
            out.append("| ").append(c.caseName()).append(" |");
            c.classes().forEach(m -> out.append(' ').append(cell(metric.applyAsDouble(m), format)).append(" |"));
            out.append(' ').append(cell(mean.applyAsDouble(c), format)).append(" |\n");
        }
        out.append('\n');
    }

    private static String cell(double v, String format) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    private static String modeName(MetricMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static String unit(MetricMode mode) {
        return mode == MetricMode.PAPER ? "voxels" : "mm";
    }

    private static String modeRule(MetricMode mode) {
        return mode == MetricMode.PAPER
                ? "the reference's calculate_metric_percase: distances in voxel units with z counted as 1; an empty"
                        + " prediction scores DSC 0 and HD95 0, a prediction of an absent class scores DSC 1"
                : "distances in mm from the CT spacing; undefined metrics of empty masks are left out of the means"
                        + " and counted as absent/missed";
    }

    private static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args) + "\n";
    }

    /** Python's {@code '%f' % v}: Java's {@code %f} agrees except that Python spells NaN "nan". */
    private static String pythonFloat(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%f", v);
    }

    /** RFC 4180 quoting, only where a field needs it. */
    private static String csvField(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
