package org.selfreg.dataprep;

import java.nio.file.Path;

/** Checks that ACDC label values are its class ids 0..3 (kept as they are) and stores them as bytes. */
final class AcdcLabels {

    private AcdcLabels() {
    }

    /**
     * The class ids of {@code values} read from {@code file}.
     *
     * @throws InvalidInputException naming the file, value and voxel of the first value that is not 0, 1, 2 or 3
     */
    static byte[] classIds(Path file, float[] values) {
        int classes = DatasetDescription.ACDC_CLASSES.size();
        byte[] ids = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new InvalidInputException(file + " has label value " + v + " at voxel " + i + "; ACDC labels are"
                        + " 0 background, 1 right ventricle, 2 myocardium, 3 left ventricle; fix the label file");
            }
            ids[i] = (byte) v;
        }
        return ids;
    }
}
