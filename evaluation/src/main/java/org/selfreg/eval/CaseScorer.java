package org.selfreg.eval;

import java.util.List;
import java.util.stream.IntStream;
import org.selfreg.dataprep.TestVolume;

/** Scores every foreground class of one segmented volume, as the reference's loop over {@code 1..classes-1}. */
public final class CaseScorer {

    private CaseScorer() {
    }

    /**
     * @param prediction class ids, same shape and order as {@code volume.label()}
     * @param classNames one name per class id, background first
     */
    public static CaseMetrics score(TestVolume volume, byte[] prediction, List<String> classNames, MetricMode mode) {
        double[] xyz = volume.spacing();
        return score(volume.caseName(), prediction, volume.label(), volume.depth(), volume.height(), volume.width(),
                new double[] {xyz[2], xyz[1], xyz[0]}, classNames, mode);
    }

    /**
     * Scores label volumes given as arrays. Classes are scored in parallel (each one is independent).
     *
     * @param prediction class ids, C order {@code [d][h][w]}
     * @param truth      ground-truth class ids, same shape
     * @param spacingZyx voxel size along (z, y, x) in mm
     * @param classNames one name per class id, background first
     * @throws IllegalArgumentException when the volumes differ in size or hold values outside the classes
     */
    public static CaseMetrics score(String caseName, byte[] prediction, byte[] truth, int d, int h, int w,
                                    double[] spacingZyx, List<String> classNames, MetricMode mode) {
        LabelCensus census = LabelCensus.of(prediction, truth, d, h, w, classNames.size());
        List<ClassMetrics> metrics = IntStream.range(1, classNames.size()).parallel()
                .mapToObj(c -> ClassScorer.score(c, classNames.get(c), census.intersection(c), census.predicted(c),
                        census.truth(c), mode, units -> {
                            Box box = census.box(c);
                            return SurfaceDistances.inBox(box.crop(prediction, h, w, c), box.crop(truth, h, w, c),
                                    box, units);
                        }, spacingZyx))
                .toList();
        return new CaseMetrics(caseName, metrics);
    }
}
