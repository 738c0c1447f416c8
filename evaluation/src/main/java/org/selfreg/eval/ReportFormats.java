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
     * ends with the checkpoint, its selection and the metric mode. Metrics the protocol lacks or a case could not
     * have (NaN) are empty; {@code dice_native} and {@code jaccard_native} are at the images' native resolution.
     */
    public static String csv(EvaluationReport report) {
        StringBuilder out = new StringBuilder("case,class,class_name,dice,hd95,jaccard,assd,monai_hd95,dice_native,"
                + "jaccard_native,predicted_voxels,truth_voxels,checkpoint,selection,metric_mode\n");
        String provenance = String.join(",", csvField(report.selection().checkpoint()),
                csvField(report.selection().label()), modeName(report.mode()));
        for (CaseMetrics c : report.cases()) {
            for (ClassMetrics m : c.classes()) {
                out.append(String.join(",", csvField(c.caseName()), Integer.toString(m.classId()),
                        csvField(m.className()), number(m.dice()), number(m.hd95()), number(m.jaccard()),
                        number(m.assd()), number(m.monaiHd95()), number(m.diceNative()), number(m.jaccardNative()),
                        Integer.toString(m.predictedVoxels()), Integer.toString(m.truthVoxels()), provenance))
                        .append('\n');
            }
        }
        for (ClassSummary s : report.classes()) {
            out.append(String.join(",", "mean", Integer.toString(s.classId()), csvField(s.className()),
                    number(s.meanDice()), number(s.meanHd95()), number(s.meanJaccard()), number(s.meanAssd()),
                    number(s.meanMonaiHd95()), number(s.meanDiceNative()), number(s.meanJaccardNative()), "", "",
                    provenance)).append('\n');
        }
        out.append(String.join(",", "mean", "", "all", number(report.meanDice()), number(report.meanHd95()),
                number(report.meanJaccard()), number(report.meanAssd()), "", number(report.meanDiceNative()),
                number(report.meanJaccardNative()), "", "", provenance)).append('\n');
        return out.toString();
    }

    /**
     * The dataset and provenance, the headline, a per-class table with the dataset's class names, and per-case
     * tables. Distances appear only under a protocol that has them; scores at native resolution only where a case
     * had a native mask, labelled as not comparable with published numbers.
     */
    public static String markdown(EvaluationReport report) {
        String unit = unit(report.mode());
        boolean distances = report.hasDistances();
        boolean nativeScores = report.hasNativeScores();
        StringBuilder out = new StringBuilder("# Evaluation\n\n");
        out.append("- Dataset: ").append(report.dataset().name()).append(", protocol ")
                .append(report.dataset().protocol().id()).append('\n');
        out.append("- Checkpoint: `").append(report.selection().checkpoint()).append("`, ")
                .append(report.selection().label()).append('\n');
        out.append("- Metric mode: ").append(modeName(report.mode())).append(" (").append(modeRule(report))
                .append(")\n");
        if (distances) {
            out.append("- HD95: medpy's 95th percentile of both directions' surface distances pooled; MONAI HD95: the"
                    + " larger of the two directed 95th percentiles\n");
        }
        if (nativeScores) {
            out.append("- Native DSC/IoU: the prediction upsampled (nearest neighbour) to each image's native mask and"
                    + " scored there; **not comparable with published numbers**, which are at the network's size\n");
        }
        out.append('\n').append(headline(report, unit)).append("\n\n");
        out.append("## Per class (mean over cases)\n\n");
        out.append("| class | name | DSC |").append(distances ? " HD95 |" : "").append(" Jaccard |")
                .append(distances ? " ASSD | MONAI HD95 |" : "").append(nativeScores ? " native DSC | native IoU |" : "")
                .append(" absent | missed |\n|---:|---|---:|")
                .append("---:|".repeat(1 + (distances ? 3 : 0) + (nativeScores ? 2 : 0))).append("---:|---:|\n");
        for (ClassSummary s : report.classes()) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %s |", s.classId(), s.className(),
                    cell(s.meanDice(), "%.4f")));
            if (distances) {
                out.append(' ').append(cell(s.meanHd95(), "%.2f")).append(" |");
            }
            out.append(' ').append(cell(s.meanJaccard(), "%.4f")).append(" |");
            if (distances) {
                out.append(' ').append(cell(s.meanAssd(), "%.2f")).append(" | ")
                        .append(cell(s.meanMonaiHd95(), "%.2f")).append(" |");
            }
            if (nativeScores) {
                out.append(' ').append(cell(s.meanDiceNative(), "%.4f")).append(" | ")
                        .append(cell(s.meanJaccardNative(), "%.4f")).append(" |");
            }
            out.append(String.format(Locale.ROOT, " %d | %d |%n", s.absentCases(), s.missedCases()));
        }
        out.append("\n`absent`: cases without the class in the ground truth; `missed`: cases where the prediction has "
                + "none of a present class.\n\n");
        perCaseTable(out, report, "## Per case: DSC\n\n", ClassMetrics::dice, CaseMetrics::meanDice, "%.4f");
        if (distances) {
            perCaseTable(out, report, "## Per case: HD95 (" + unit + ")\n\n", ClassMetrics::hd95,
                    CaseMetrics::meanHd95, "%.2f");
        } else {
            perCaseTable(out, report, "## Per case: IoU\n\n", ClassMetrics::jaccard, CaseMetrics::meanJaccard,
                    "%.4f");
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** The protocol's headline numbers: DSC and HD95, plus Jaccard and ASSD for ACDC, DSC and IoU for UCTransNet. */
    private static String headline(EvaluationReport report, String unit) {
        String over = String.format(Locale.ROOT, " over %d cases (%s).", report.cases().size(),
                report.selection().label());
        String nativeScores = report.hasNativeScores()
                ? String.format(Locale.ROOT, " At native resolution (not comparable): DSC %.4f, IoU %.4f.",
                        report.meanDiceNative(), report.meanJaccardNative())
                : "";
        return switch (report.dataset().protocol()) {
            case TRANSUNET -> String.format(Locale.ROOT, "**Mean DSC %.4f, mean HD95 %.2f %s**", report.meanDice(),
                    report.meanHd95(), unit) + over + nativeScores;
            case ACDC -> String.format(Locale.ROOT, "**Mean DSC %.4f, mean HD95 %.2f %s, mean Jaccard %.4f, mean ASSD"
                    + " %.2f %s**", report.meanDice(), report.meanHd95(), unit, report.meanJaccard(),
                    report.meanAssd(), unit) + over + nativeScores;
            case UCTRANSNET -> String.format(Locale.ROOT, "**Mean DSC %.4f, mean IoU %.4f**", report.meanDice(),
                    report.meanJaccard()) + over + nativeScores;
        };
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
        out.append("Metric mode: ").append(modeName(chosen.mode())).append(" (").append(modeRule(chosen))
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
        classes.forEach(s -> out.append(' ').append(s.className()).append(" |"));
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

    private static String modeRule(EvaluationReport report) {
        if (report.mode() == MetricMode.CORRECTED) {
            return report.hasDistances()
                    ? "distances in mm from the scan's spacing; undefined metrics of empty masks are left out of the"
                            + " means and counted as absent/missed"
                    : "exact DSC and IoU per image; an image whose truth and prediction are both empty is left out of"
                            + " the means";
        }
        return switch (report.dataset().protocol()) {
            case TRANSUNET -> "the reference's calculate_metric_percase: distances in voxel units with z counted as 1;"
                    + " an empty prediction scores DSC 0 and HD95 0, a prediction of an absent class scores DSC 1";
            case ACDC -> "the SelfReg ACDC utils.py (after CASCADE): dc, hd95, jc, assd in voxel units; a prediction"
                    + " of an absent class scores (1, 0, 1, 0), an empty prediction zeros";
            case UCTRANSNET -> "UCTransNet's test_model.py: per image at the network's size, DSC 2|A∩B|/(|A|+|B|+1e-5)"
                    + " and scikit-learn's jaccard_score (0 when both masks are empty), mean over images; no HD95";
        };
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
