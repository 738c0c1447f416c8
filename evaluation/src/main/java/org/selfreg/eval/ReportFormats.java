package org.selfreg.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Renders an {@link EvaluationReport} as CSV, Markdown and the reference's (TransUNet) test log. */
public final class ReportFormats {

    /** File names written by {@link #writeAll(EvaluationReport, Path)}. */
    public static final String CSV = "report.csv";
    public static final String MARKDOWN = "report.md";
    public static final String TRANSUNET_LOG = "transunet_log.txt";

    private ReportFormats() {
    }

    /** Writes the three renderings into {@code dir}. */
    public static void writeAll(EvaluationReport report, Path dir) {
        write(dir.resolve(CSV), csv(report));
        write(dir.resolve(MARKDOWN), markdown(report));
        write(dir.resolve(TRANSUNET_LOG), transUnetLog(report));
    }

    /** One row per case and class, then one {@code mean} row per class and an overall {@code mean} row. */
    public static String csv(EvaluationReport report) {
        StringBuilder out = new StringBuilder(
                "case,class,organ,dice,hd95,jaccard,assd,monai_hd95,predicted_voxels,truth_voxels\n");
        for (CaseMetrics c : report.cases()) {
            for (ClassMetrics m : c.classes()) {
                out.append(String.join(",", c.caseName(), Integer.toString(m.classId()), m.organ(),
                        number(m.dice()), number(m.hd95()), number(m.jaccard()), number(m.assd()),
                        number(m.monaiHd95()), Integer.toString(m.predictedVoxels()),
                        Integer.toString(m.truthVoxels()))).append('\n');
            }
        }
        for (ClassSummary s : report.classes()) {
            out.append(String.join(",", "mean", Integer.toString(s.classId()), s.organ(), number(s.meanDice()),
                    number(s.meanHd95()), number(s.meanJaccard()), number(s.meanAssd()), number(s.meanMonaiHd95()),
                    "", "")).append('\n');
        }
        out.append(String.join(",", "mean", "", "all", number(report.meanDice()), number(report.meanHd95()),
                "", "", "", "", "")).append('\n');
        return out.toString();
    }

    /** A per-class table with organ names and the headline means. */
    public static String markdown(EvaluationReport report) {
        String unit = report.mode() == MetricMode.PAPER ? "voxels" : "mm";
        StringBuilder out = new StringBuilder();
        out.append("# Evaluation (").append(report.mode()).append(", distances in ").append(unit).append(")\n\n");
        out.append(String.format(Locale.ROOT, "Mean DSC %.4f, mean HD95 %.2f over %d cases.%n%n",
                report.meanDice(), report.meanHd95(), report.cases().size()));
        out.append("| class | organ | DSC | HD95 | Jaccard | ASSD | MONAI HD95 | absent | missed |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ClassSummary s : report.classes()) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %.4f | %.2f | %.4f | %.2f | %.2f | %d | %d |%n",
                    s.classId(), s.organ(), s.meanDice(), s.meanHd95(), s.meanJaccard(), s.meanAssd(),
                    s.meanMonaiHd95(), s.absentCases(), s.missedCases()));
        }
        out.append("\n`absent`: cases without the class in the ground truth; `missed`: cases where the prediction has "
                + "none of a present class.\n");
        return out.toString();
    }

    /** The lines {@code test_single_volume}'s caller logs, formatted with Python's {@code %f}. */
    public static String transUnetLog(EvaluationReport report) {
        StringBuilder out = new StringBuilder();
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

    private static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args) + "\n";
    }

    /** Python's {@code '%f' % v}: Java's {@code %f} agrees except that Python spells NaN "nan". */
    private static String pythonFloat(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%f", v);
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
