package org.selfreg.eval;

import java.util.ArrayList;
import java.util.List;
import org.selfreg.dataprep.TestVolume;

/** Scores every foreground class of one segmented volume, as the reference's loop over {@code 1..classes-1}. */
public final class CaseScorer {

    private CaseScorer() {
    }

    /**
     * @param prediction class ids, same shape and order as {@code volume.label()}
     * @param classes    number of classes, background included
     */
    public static CaseMetrics score(TestVolume volume, byte[] prediction, int classes, MetricMode mode) {
        int d = volume.depth();
        int h = volume.height();
        int w = volume.width();
        double[] xyz = volume.spacing();
        double[] zyx = {xyz[2], xyz[1], xyz[0]};
        List<ClassMetrics> metrics = new ArrayList<>(classes - 1);
        for (int c = 1; c < classes; c++) {
            metrics.add(ClassScorer.score(c, BinaryMask.ofClass(prediction, d, h, w, c),
                    BinaryMask.ofClass(volume.label(), d, h, w, c), mode, zyx));
        }
        return new CaseMetrics(volume.caseName(), metrics);
    }
}
