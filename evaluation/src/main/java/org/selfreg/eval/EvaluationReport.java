package org.selfreg.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Metrics of a whole test set, aggregated as the reference does: per class, the mean over cases; overall, the mean
 * over classes of those per-class means. NaN values (only in {@link MetricMode#CORRECTED}) are left out of both means.
 */
public final class EvaluationReport {

    private final MetricMode mode;
    private final ModelSelection selection;
    private final List<CaseMetrics> cases;
    private final List<ClassSummary> classes;

    /**
     * @param selection the checkpoint evaluated and how it was chosen
     * @param cases     per-case metrics, each with the same classes in the same order
     */
    public EvaluationReport(MetricMode mode, ModelSelection selection, List<CaseMetrics> cases) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one case");
        }
        this.mode = mode;
        this.selection = selection;
        this.cases = List.copyOf(cases);
        this.classes = summarise(this.cases);
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
        return new EvaluationReport(mode, other, cases);
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
        return NanMean.of(classes.stream().mapToDouble(ClassSummary::meanDice).toArray());
    }

    /** Mean HD95 over classes: the headline HD95 (voxel units in PAPER mode, mm in CORRECTED mode). */
    public double meanHd95() {
        return NanMean.of(classes.stream().mapToDouble(ClassSummary::meanHd95).toArray());
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
            out.add(new ClassSummary(first.classId(), first.organ(),
                    mean(column, ClassMetrics::dice), mean(column, ClassMetrics::hd95),
                    mean(column, ClassMetrics::jaccard), mean(column, ClassMetrics::assd),
                    mean(column, ClassMetrics::monaiHd95), column.size(),
                    (int) column.stream().filter(ClassMetrics::absentInTruth).count(),
                    (int) column.stream().filter(ClassMetrics::missed).count()));
        }
        return List.copyOf(out);
    }

    private static double mean(List<ClassMetrics> column, ToDoubleFunction<ClassMetrics> metric) {
        return NanMean.of(column.stream().mapToDouble(metric).toArray());
    }
}
