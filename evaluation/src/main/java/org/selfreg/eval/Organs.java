package org.selfreg.eval;

import java.util.List;

/** Names of the Synapse (BTCV, TransUNet preprocessing) classes, for reports. */
public final class Organs {

    private static final List<String> SYNAPSE = List.of("background", "spleen", "right kidney", "left kidney",
            "gallbladder", "liver", "stomach", "aorta", "pancreas");

    private Organs() {
    }

    /** The organ of a Synapse class id, or {@code "class N"} for ids outside the Synapse label set. */
    public static String name(int classId) {
        return classId >= 0 && classId < SYNAPSE.size() ? SYNAPSE.get(classId) : "class " + classId;
    }
}
