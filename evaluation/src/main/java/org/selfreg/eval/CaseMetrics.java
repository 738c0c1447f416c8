package org.selfreg.eval;

import java.util.List;

/** Per-class metrics of one test volume, classes in ascending id order. */
public record CaseMetrics(String caseName, List<ClassMetrics> classes) {

    public CaseMetrics {
        classes = List.copyOf(classes);
    }

    /** Mean Dice over the classes, NaN entries left out (the reference's per-case log line). */
    public double meanDice() {
        return NanMean.of(classes.stream().mapToDouble(ClassMetrics::dice).toArray());
    }

    /** Mean Jaccard (IoU) over the classes, NaN entries left out. */
    public double meanJaccard() {
        return NanMean.of(classes.stream().mapToDouble(ClassMetrics::jaccard).toArray());
    }

    /** Mean HD95 over the classes, NaN entries left out. */
    public double meanHd95() {
        return NanMean.of(classes.stream().mapToDouble(ClassMetrics::hd95).toArray());
    }
}
