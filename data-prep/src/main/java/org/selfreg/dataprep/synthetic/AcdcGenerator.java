package org.selfreg.dataprep.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;

/**
 * Writes synthetic cardiac MRI in ACDC's distributed layout, for tests and demos where the real data (registration
 * only, no redistribution) is not available: {@code training/patientNNN/Info.cfg} with the ED and ES frame numbers,
 * and {@code patientNNN_frameXX.nii.gz} (int16) with {@code patientNNN_frameXX_gt.nii.gz} (uint8, ACDC's ids
 * 1 right ventricle, 2 myocardium, 3 left ventricle) for both frames.
 *
 * <p>Each frame is a short-axis stack of {@link #SIZE}×{@link #SIZE}×{@link #SLICES}: a bright elliptic left-ventricle
 * cavity inside a darker myocardial ring, a bright crescent right ventricle beside it, tapering towards the apex; at
 * end-systole the cavities are smaller and the myocardium thicker. Each patient has its own position, size, gain
 * (MR has no absolute scale) and a few bright outlier voxels, so normalisation has something to do.
 */
public final class AcdcGenerator {

    /** In-plane size of every frame. */
    public static final int SIZE = 48;
    /** Short-axis slices per frame. */
    public static final int SLICES = 8;

    private static final double TISSUE = 90;
    private static final double MYOCARDIUM = 180;
    private static final double BLOOD = 420;
    private static final double NOISE = 20;
    private static final double OUTLIER = 3000;
    private static final double OUTLIER_FRACTION = 0.002;

    /** One generated frame as {@code image} and {@code label} volumes on one grid. */
    record Frame(NiftiVolume image, NiftiVolume label) {
    }

    /**
     * One generated patient.
     *
     * @param id      {@code patientNNN}
     * @param edFrame the end-diastolic frame number (Info.cfg's ED)
     * @param esFrame the end-systolic frame number (Info.cfg's ES)
     * @param ed      the ED frame
     * @param es      the ES frame
     */
    record Patient(String id, int edFrame, int esFrame, Frame ed, Frame es) {
    }

    private AcdcGenerator() {
    }

    /**
     * Writes {@code patients} patients, {@code patient001} onwards, under {@code root/training/}; the same seed gives
     * the same files.
     *
     * @return the patient ids in order
     */
    public static List<String> write(Path root, int patients, long seed) {
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= patients; n++) {
            Patient patient = patient(n, seed);
            Path dir = root.resolve("training").resolve(patient.id());
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("Info.cfg"), "ED: " + patient.edFrame() + "\nES: " + patient.esFrame()
                        + "\nGroup: NOR\nHeight: 170.0\nNbFrame: 30\nWeight: 70.0\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir, e);
            }
            writeFrame(dir, patient.id(), patient.edFrame(), patient.ed());
            writeFrame(dir, patient.id(), patient.esFrame(), patient.es());
            ids.add(patient.id());
        }
        return ids;
    }

    /** Patient {@code number} of the series that {@code seed} draws. */
    static Patient patient(int number, long seed) {
        Random random = new Random(seed * 1_000_003L + number);
        double cx = SIZE / 2.0 + 4 * (random.nextDouble() - 0.5);
        double cy = SIZE / 2.0 + 4 * (random.nextDouble() - 0.5);
        double lvRadius = 7 + 2 * random.nextDouble();
        double gain = 0.7 + 0.7 * random.nextDouble();
        double[][] affine = affine(random);
        Frame ed = frame(random, cx, cy, lvRadius, 3, gain, affine);
        Frame es = frame(random, cx, cy, 0.7 * lvRadius, 4, gain, affine);
        return new Patient(String.format("patient%03d", number), 1, 8 + random.nextInt(8), ed, es);
    }

    private static Frame frame(Random random, double cx, double cy, double lvRadius, double wall, double gain,
                               double[][] affine) {
        float[] image = new float[SIZE * SIZE * SLICES];
        float[] label = new float[image.length];
        for (int z = 0, i = 0; z < SLICES; z++) {
            // Base to apex: the ventricles narrow, the right ventricle ends before the apex.
            double taper = 1 - 0.06 * z;
            double lv = lvRadius * taper;
            double rv = z < SLICES - 2 ? 1.3 * lvRadius * taper : 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++, i++) {
                    int id = classAt(x + 0.5 - cx, y + 0.5 - cy, lv, wall, rv);
                    double value = id == 3 || id == 1 ? BLOOD : id == 2 ? MYOCARDIUM : TISSUE;
                    value = gain * (value + NOISE * random.nextGaussian());
                    image[i] = (float) (random.nextDouble() < OUTLIER_FRACTION ? OUTLIER : Math.max(0, value));
                    label[i] = id;
                }
            }
        }
        return new Frame(new NiftiVolume(SIZE, SIZE, SLICES, image, affine, NiftiDataType.INT16),
                new NiftiVolume(SIZE, SIZE, SLICES, label, affine, NiftiDataType.UINT8));
    }

    /**
     * ACDC's class at offset (dx, dy) from the left-ventricle centre: 3 inside the elliptic cavity, 2 in the ring
     * around it, 1 in the crescent of a larger disc on the image's left that the ring does not cover, else 0.
     */
    private static int classAt(double dx, double dy, double lv, double wall, double rv) {
        double r = Math.hypot(dx, dy / 1.1);
        if (r < lv) {
            return 3;
        }
        if (r < lv + wall) {
            return 2;
        }
        boolean inRvDisc = Math.hypot(dx + lv + wall, dy) < rv;
        return inRvDisc && r < lv + wall + rv ? 1 : 0;
    }

    /** ACDC-like geometry: about 1.5 mm in plane, 10 mm between slices. */
    private static double[][] affine(Random random) {
        double inPlane = 1.3 + 0.4 * random.nextDouble();
        double between = 10;
        return new double[][] {
            {inPlane, 0, 0, 0},
            {0, inPlane, 0, 0},
            {0, 0, between, 0},
            {0, 0, 0, 1}};
    }

    private static void writeFrame(Path dir, String id, int number, Frame frame) {
        String stem = String.format("%s_frame%02d", id, number);
        NiftiWriter.write(dir.resolve(stem + ".nii.gz"), frame.image(), NiftiDataType.INT16);
        NiftiWriter.write(dir.resolve(stem + "_gt.nii.gz"), frame.label(), NiftiDataType.UINT8);
    }
}
