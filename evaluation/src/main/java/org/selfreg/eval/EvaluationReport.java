package org.selfreg.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.DatasetDescription.Protocol;

/**
 * Metrics of a whole test set, aggregated as the reference does: per class, the mean over cases; overall, the mean
 * over classes of those per-class means. NaN values (only in {@link MetricMode#CORRECTED}) are left out of both means.
 */
public final class EvaluationReport {

    private final DatasetDescription dataset;
    private final MetricMode mode;
    private final ModelSelection selection;
    private final List<CaseMetrics> cases;
    private final List<ClassSummary> classes;

    /**
     * @param dataset   the dataset scored: its protocol decides which metrics the reports show
     * @param selection the checkpoint evaluated and how it was chosen
     * @param cases     per-case metrics, each with the same classes in the same order
     */
    public EvaluationReport(DatasetDescription dataset, MetricMode mode, ModelSelection selection,
                            List<CaseMetrics> cases) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one case");
        }
        this.dataset = dataset;
        this.mode = mode;
        this.selection = selection;
        this.cases = List.copyOf(cases);
        this.classes = summarise(this.cases);
    }

    /** The dataset scored, with its class names and protocol. */
    public DatasetDescription dataset() {
        return dataset;
    }

    public MetricMode mode() {
        return mode;
    }

    /** The checkpoint evaluated and how it was chosen. */
    public ModelSelection selection() {
        return selection;
    }

    /** The same results under another selection label. */
    public EvaluationReport withSelection(ModelSelection other) {
        return new EvaluationReport(dataset, mode, other, cases);
    }

    /** Per-case metrics in evaluation order. */
    public List<CaseMetrics> cases() {
        return cases;
    }

    /** Per-class means in class order. */
    public List<ClassSummary> classes() {
        return classes;
    }

    /** Mean Dice over classes: the headline DSC. */
    public double meanDice() {
        return overClasses(ClassSummary::meanDice);
    }

    /**
     * Mean HD95 over classes: the headline HD95 (voxel units in PAPER mode, mm in CORRECTED mode); NaN under a
     * protocol without distances.
     */
    public double meanHd95() {
        return overClasses(ClassSummary::meanHd95);
    }

    /** Mean Jaccard (IoU) over classes: UCTransNet's IoU, one of ACDC's four metrics. */
    public double meanJaccard() {
        return overClasses(ClassSummary::meanJaccard);
    }

    /** Mean ASSD over classes; NaN under a protocol without distances. */
    public double meanAssd() {
        return overClasses(ClassSummary::meanAssd);
    }

    /** Mean Dice over classes at the images' native resolution; NaN when no case had a native mask. */
    public double meanDiceNative() {
        return overClasses(ClassSummary::meanDiceNative);
    }

    /** Mean Jaccard (IoU) over classes at the images' native resolution; NaN when no case had a native mask. */
    public double meanJaccardNative() {
        return overClasses(ClassSummary::meanJaccardNative);
    }

    /** Whether the dataset's protocol has surface distances (HD95, ASSD): all but UCTransNet's. */
    public boolean hasDistances() {
        return dataset.protocol() != Protocol.UCTRANSNET;
    }

    /** Whether any case was also scored at native resolution. */
    public boolean hasNativeScores() {
        return cases.stream().flatMap(c -> c.classes().stream()).anyMatch(m -> !Double.isNaN(m.diceNative())
                || !Double.isNaN(m.jaccardNative()));
    }

    private double overClasses(ToDoubleFunction<ClassSummary> metric) {
        return NanMean.of(classes.stream().mapToDouble(metric).toArray());
    }

    private static List<ClassSummary> summarise(List<CaseMetrics> cases) {
        CaseMetrics firstCase = cases.getFirst();
        int classCount = firstCase.classes().size();
        List<ClassSummary> out = new ArrayList<>(classCount);
        for (int c = 0; c < classCount; c++) {
            int classId = firstCase.classes().get(c).classId();
            List<ClassMetrics> column = new ArrayList<>(cases.size());
            for (CaseMetrics cm : cases) {
                if (cm.classes().size() != classCount || cm.classes().get(c).classId() != classId) {
                    throw new IllegalArgumentException("case " + cm.caseName() + " does not have the classes of "
                            + firstCase.caseName());
                }
                column.add(cm.classes().get(c));
            }
            ClassMetrics first = column.getFirst();
            out.add(new ClassSummary(first.classId(), first.className(),
                    mean(column, ClassMetrics::dice), mean(column, ClassMetrics::hd95),
                    mean(column, ClassMetrics::jaccard), mean(column, ClassMetrics::assd),
                    mean(column, ClassMetrics::monaiHd95), mean(column, ClassMetrics::diceNative),
                    mean(column, ClassMetrics::jaccardNative), column.size(),
                    (int) column.stream().filter(ClassMetrics::absentInTruth).count(),
                    (int) column.stream().filter(ClassMetrics::missed).count()));
        }
        return List.copyOf(out);
    }

    private static double mean(List<ClassMetrics> column, ToDoubleFunction<ClassMetrics> metric) {
        return NanMean.of(column.stream().mapToDouble(metric).toArray());
    }
}
