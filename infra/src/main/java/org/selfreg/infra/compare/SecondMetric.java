package org.selfreg.infra.compare;

import java.util.List;

/**
 * The metric a comparison reports beside Dice, as the trials' evaluation protocol logged it: HD95 for volumes, IoU for
 * a protocol without distances (UCTransNet's, for GlaS and MoNuSeg).
 */
public enum SecondMetric {
    HD95("mean_hd95", "hd95_", "HD95", 2, 1),
    IOU("mean_iou", "iou_", "IoU", 4, 3);

    private final String mean;
    private final String classPrefix;
    private final String label;
    private final int meanDigits;
    private final int classDigits;

    SecondMetric(String mean, String classPrefix, String label, int meanDigits, int classDigits) {
        this.mean = mean;
        this.classPrefix = classPrefix;
        this.label = label;
        this.meanDigits = meanDigits;
        this.classDigits = classDigits;
    }

    /** HD95 when any trial logged it, else IoU when any trial logged that, else HD95 (shown as missing). */
    static SecondMetric of(List<TrialRecord> trials) {
        boolean hd95 = trials.stream().anyMatch(t -> t.metrics().containsKey(HD95.mean));
        boolean iou = trials.stream().anyMatch(t -> t.metrics().containsKey(IOU.mean));
        return !hd95 && iou ? IOU : HD95;
    }

    /** The MLflow metric of its mean over classes. */
    String mean() {
        return mean;
    }

    /** The MLflow metric of one class. */
    String ofClass(String className) {
        return classPrefix + className;
    }

    /** How tables name it. */
    public String label() {
        return label;
    }

    int meanDigits() {
        return meanDigits;
    }

    int classDigits() {
        return classDigits;
    }
}
