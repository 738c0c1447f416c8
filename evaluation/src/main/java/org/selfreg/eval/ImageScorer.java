package org.selfreg.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores one 2-D image under UCTransNet's protocol ({@code test_model.py} of McGregorWwww/UCTransNet): Dice and IoU
 * per image at the size the network saw, by {@link Overlap}'s rule. The protocol has no distance metric (GlaS and
 * MoNuSeg papers report none), so HD95 and ASSD are NaN in both modes and the reports leave them out.
 */
public final class ImageScorer {

    private ImageScorer() {
    }

    /**
     * @param prediction class ids, C order {@code [h][w]}
     * @param truth      ground-truth class ids, same shape
     * @param classNames one name per class id, background first
     * @throws IllegalArgumentException when the images differ in size or hold values outside the classes
     */
    public static CaseMetrics score(String caseName, byte[] prediction, byte[] truth, int h, int w,
                                    List<String> classNames, MetricMode mode) {
        LabelCensus census = LabelCensus.of(prediction, truth, 1, h, w, classNames.size());
        List<ClassMetrics> metrics = new ArrayList<>(classNames.size() - 1);
        for (int c = 1; c < classNames.size(); c++) {
            Overlap o = overlap(census, c, mode);
            metrics.add(new ClassMetrics(c, classNames.get(c), o.dice(), Double.NaN, o.jaccard(), Double.NaN,
                    Double.NaN, census.predicted(c), census.truth(c)));
        }
        return new CaseMetrics(caseName, metrics);
    }

    /** Per class {@code 1..classes-1}: the overlap of a prediction with the truth, both C order {@code [h][w]}. */
    static List<Overlap> overlaps(byte[] prediction, byte[] truth, int h, int w, int classes, MetricMode mode) {
        LabelCensus census = LabelCensus.of(prediction, truth, 1, h, w, classes);
        List<Overlap> out = new ArrayList<>(classes - 1);
        for (int c = 1; c < classes; c++) {
            out.add(overlap(census, c, mode));
        }
        return out;
    }

    private static Overlap overlap(LabelCensus census, int classId, MetricMode mode) {
        return Overlap.of(census.intersection(classId), census.predicted(classId), census.truth(classId), mode);
    }
}
