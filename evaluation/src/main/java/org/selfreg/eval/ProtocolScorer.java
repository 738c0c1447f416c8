package org.selfreg.eval;

import java.util.List;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.DatasetDescription.Protocol;
import org.selfreg.dataprep.TestVolume;

/**
 * Scores one test case by its dataset's protocol: volumes (and multi-class 2-D images) by {@link CaseScorer}, whose
 * paper rule is TransUNet's and ACDC's; binary 2-D images under UCTransNet's protocol by {@link ImageScorer}. A 2-D
 * image that carries its native-resolution mask is also scored there ({@link ClassMetrics#diceNative()}), by
 * {@link Overlap}'s rule under the same mode, with the prediction brought back by {@link NearestResize}.
 */
public final class ProtocolScorer {

    private ProtocolScorer() {
    }

    /**
     * @param prediction class ids, same shape and order as {@code volume.label()}
     */
    public static CaseMetrics score(DatasetDescription description, TestVolume volume, byte[] prediction,
                                    MetricMode mode) {
        List<String> names = description.classNames();
        CaseMetrics atNetworkSize = description.protocol() == Protocol.UCTRANSNET
                ? ImageScorer.score(volume.caseName(), prediction, volume.label(), volume.height(), volume.width(),
                        names, mode)
                : CaseScorer.score(volume, prediction, names, mode);
        TestVolume.NativeMask nativeMask = volume.nativeMask();
        if (description.dimensions() != 2 || nativeMask == null) {
            return atNetworkSize;
        }
        byte[] upsampled = NearestResize.resize(prediction, volume.height(), volume.width(), nativeMask.height(),
                nativeMask.width());
        List<Overlap> atNative = ImageScorer.overlaps(upsampled, nativeMask.label(), nativeMask.height(),
                nativeMask.width(), names.size(), mode);
        return new CaseMetrics(atNetworkSize.caseName(), atNetworkSize.classes().stream()
                .map(m -> m.withNative(atNative.get(m.classId() - 1))).toList());
    }
}
