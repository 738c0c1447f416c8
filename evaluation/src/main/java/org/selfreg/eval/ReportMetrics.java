package org.selfreg.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.selfreg.dataprep.DatasetDescription.Protocol;

/**
 * A report as flat named numbers for experiment tracking: the protocol's headline means, the same per class under the
 * class's name from the dataset's description, and in corrected mode the number of cases per class left out of the
 * means. Synapse keeps the names it always had ({@code mean_dice}, {@code hd95_right_kidney}, ...), so old runs
 * compare. Names hold only lower-case letters, digits and {@code _ - . /}, valid MLflow metric keys.
 */
public final class ReportMetrics {

    private ReportMetrics() {
    }

    /**
     * The report's numbers, each name prefixed with {@code prefix}; NaN (a class absent from every case, a metric
     * the protocol lacks) is left out.
     *
     * <ul>
     *   <li>every protocol: {@code mean_dice}, {@code dice_<class>};</li>
     *   <li>TransUNet and ACDC: {@code mean_hd95}, {@code hd95_<class>};</li>
     *   <li>ACDC: {@code mean_jaccard}, {@code mean_assd}, {@code jaccard_<class>}, {@code assd_<class>};</li>
     *   <li>UCTransNet: {@code mean_iou}, {@code iou_<class>};</li>
     *   <li>2-D images with native masks: {@code native_dice}, {@code native_iou} and per class
     *       {@code native_dice_<class>}, {@code native_iou_<class>} (not {@code dice_...}, which the comparison of
     *       runs reads as one class's Dice);</li>
     *   <li>corrected mode: {@code absent_<class>}, {@code missed_<class>}.</li>
     * </ul>
     */
    public static Map<String, Double> of(EvaluationReport report, String prefix) {
        Protocol protocol = report.dataset().protocol();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "mean_dice", report.meanDice());
        if (report.hasDistances()) {
            metrics.put(prefix + "mean_hd95", report.meanHd95());
        }
        if (protocol == Protocol.ACDC) {
            metrics.put(prefix + "mean_jaccard", report.meanJaccard());
            metrics.put(prefix + "mean_assd", report.meanAssd());
        }
        if (protocol == Protocol.UCTRANSNET) {
            metrics.put(prefix + "mean_iou", report.meanJaccard());
        }
        metrics.put(prefix + "native_dice", report.meanDiceNative());
        metrics.put(prefix + "native_iou", report.meanJaccardNative());
        for (ClassSummary summary : report.classes()) {
            String name = "_" + key(summary.className());
            put(metrics, prefix + "dice" + name, summary, ClassSummary::meanDice);
            if (report.hasDistances()) {
                put(metrics, prefix + "hd95" + name, summary, ClassSummary::meanHd95);
            }
            if (protocol == Protocol.ACDC) {
                put(metrics, prefix + "jaccard" + name, summary, ClassSummary::meanJaccard);
                put(metrics, prefix + "assd" + name, summary, ClassSummary::meanAssd);
            }
            if (protocol == Protocol.UCTRANSNET) {
                put(metrics, prefix + "iou" + name, summary, ClassSummary::meanJaccard);
            }
            put(metrics, prefix + "native_dice" + name, summary, ClassSummary::meanDiceNative);
            put(metrics, prefix + "native_iou" + name, summary, ClassSummary::meanJaccardNative);
            if (report.mode() == MetricMode.CORRECTED) {
                metrics.put(prefix + "absent" + name, (double) summary.absentCases());
                metrics.put(prefix + "missed" + name, (double) summary.missedCases());
            }
        }
        metrics.values().removeIf(v -> !Double.isFinite(v));
        return metrics;
    }

    /**
     * A class name as a metric-name part: lower case, spaces as {@code _} (Synapse's {@code right kidney} becomes
     * {@code right_kidney}, as before), and any other character outside {@code a-z 0-9 _ - . /} as {@code _}.
     */
    public static String key(String className) {
        return className.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_\\-./]", "_");
    }

    private static void put(Map<String, Double> metrics, String name, ClassSummary summary,
                            ToDoubleFunction<ClassSummary> metric) {
        metrics.put(name, metric.applyAsDouble(summary));
    }
}
