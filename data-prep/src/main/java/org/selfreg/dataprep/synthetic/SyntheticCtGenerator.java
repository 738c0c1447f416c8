package org.selfreg.dataprep.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;

/**
 * Writes synthetic abdominal CT in the raw BTCV layout ({@code img/img0001.nii.gz} int16 HU, {@code label/label0001.nii.gz}
 * uint8 with raw BTCV ids 1..13), for pipeline runs where the real data is not available.
 *
 * <p>Each case is a body ellipse (subcutaneous fat, muscle wall, fatty interior, a vertebra) holding the eight evaluated
 * organs roughly where they sit in a patient, each with its own HU level and shape, plus five structures (oesophagus,
 * IVC, portal vein, adrenals) whose BTCV ids the 13-to-8 remap sends to background. Slice counts, voxel spacing, organ
 * sizes and positions vary per case; Gaussian noise is added. The organs differ in HU and shape, so a small UNet learns
 * them within a couple of epochs.
 */
public final class SyntheticCtGenerator {

    /**
     * The version of what this generator writes. Bump it whenever a change here (anatomy, noise, geometry, random
     * draws, file types) changes the output for the same {@link SyntheticSpec}: the synthetic input digest
     * ({@code InputDigest.ofSynthetic}) stands for the generated files by spec and version alone, so an unbumped change
     * would silently reuse datasets prepared from the old output.
     */
    public static final int VERSION = 1;

    private static final double AIR_HU = -1000;
    private static final double NOISE_HU = 12;
    private static final double BODY_HALF_WIDTH = 0.85;
    private static final double BODY_HALF_HEIGHT = 0.65;

    /** Painted in order, later over earlier: the gallbladder sits in the liver, the pancreas near the vessels. */
    private static final List<Structure> ANATOMY = List.of(
            new Structure(6, 110, -0.45, -0.05, 0.35, 0.40, 0.35, 1.00, false),  // liver
            new Structure(1, 60, 0.55, 0.20, 0.18, 0.22, 0.50, 0.95, false),     // spleen
            new Structure(7, 30, 0.30, -0.25, 0.25, 0.20, 0.55, 0.95, false),    // stomach
            new Structure(2, 170, -0.35, 0.35, 0.13, 0.18, 0.15, 0.60, false),   // right kidney
            new Structure(3, 170, 0.35, 0.35, 0.13, 0.18, 0.20, 0.65, false),    // left kidney
            new Structure(4, 5, -0.30, -0.35, 0.10, 0.12, 0.35, 0.60, false),    // gallbladder
            new Structure(11, 80, 0.05, 0.05, 0.35, 0.08, 0.40, 0.60, false),    // pancreas
            new Structure(8, 230, 0.05, 0.25, 0.07, 0.07, 0.00, 1.00, true),     // aorta
            new Structure(9, 140, -0.12, 0.25, 0.07, 0.06, 0.00, 1.00, true),    // IVC -> background
            new Structure(10, 150, -0.10, 0.00, 0.05, 0.05, 0.45, 0.60, false),  // portal vein -> background
            new Structure(5, 30, 0.08, 0.15, 0.04, 0.04, 0.85, 1.00, true),      // oesophagus -> background
            new Structure(12, 20, -0.25, 0.20, 0.05, 0.05, 0.60, 0.75, false),   // right adrenal -> background
            new Structure(13, 20, 0.25, 0.20, 0.05, 0.05, 0.60, 0.75, false));   // left adrenal -> background

    private SyntheticCtGenerator() {
    }

    /**
     * Generates {@code spec.cases()} cases under {@code rawDir}.
     *
     * @return the case names ({@code case0001}, ...) in order
     */
    public static List<String> generate(Path rawDir, SyntheticSpec spec) {
        Path imgDir = rawDir.resolve("img");
        Path labelDir = rawDir.resolve("label");
        try {
            Files.createDirectories(imgDir);
            Files.createDirectories(labelDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + rawDir, e);
        }
        List<String> names = new ArrayList<>();
        for (int c = 1; c <= spec.cases(); c++) {
            Random random = new Random(spec.seed() * 1_000_003L + c);
            NiftiVolume[] pair = generateCase(spec, random);
            String id = String.format("%04d", c);
            NiftiWriter.write(imgDir.resolve("img" + id + ".nii.gz"), pair[0], NiftiDataType.INT16);
            NiftiWriter.write(labelDir.resolve("label" + id + ".nii.gz"), pair[1], NiftiDataType.UINT8);
            names.add("case" + id);
        }
        return names;
    }

    /** One case as {image, label}. */
    private static NiftiVolume[] generateCase(SyntheticSpec spec, Random random) {
        int n = spec.size();
        int nz = spec.minSlices() + random.nextInt(spec.maxSlices() - spec.minSlices() + 1);
        List<Structure> organs = ANATOMY.stream().map(s -> s.jitter(random)).toList();
        float[] image = new float[n * n * nz];
        float[] label = new float[image.length];
        double half = n / 2.0;
        for (int z = 0, i = 0; z < nz; z++) {
            double w = nz == 1 ? 0.5 : z / (nz - 1.0);
            for (int y = 0; y < n; y++) {
                double v = (y + 0.5 - half) / half;
                for (int x = 0; x < n; x++, i++) {
                    double u = (x + 0.5 - half) / half;
                    double hu = background(u, v);
                    for (Structure s : organs) {
                        if (s.contains(u, v, w)) {
                            hu = s.hu();
                            label[i] = s.rawLabel();
                        }
                    }
                    image[i] = (float) (hu == AIR_HU ? hu : hu + NOISE_HU * random.nextGaussian());
                }
            }
        }
        double[][] affine = affine(random, n, nz);
        return new NiftiVolume[] {
            new NiftiVolume(n, n, nz, image, affine, NiftiDataType.INT16),
            new NiftiVolume(n, n, nz, label, affine, NiftiDataType.UINT8)};
    }

    /** Tissue outside the organs: air, subcutaneous fat, the muscle wall, the vertebra, fatty interior. */
    private static double background(double u, double v) {
        double r = Math.hypot(u / BODY_HALF_WIDTH, v / BODY_HALF_HEIGHT);
        if (r > 1) {
            return AIR_HU;
        }
        if (r > 0.9) {
            return -100;
        }
        if (r > 0.8) {
            return 50;
        }
        if (Math.hypot(u, v - 0.48) < 0.1) {
            return 500;
        }
        return -30;
    }

    /** BTCV-like geometry: x and y flipped (LPS-stored as in many DICOM conversions), varying spacing. */
    private static double[][] affine(Random random, int n, int nz) {
        double sxy = 0.6 + 0.35 * random.nextDouble();
        double sz = 2.5 + 2.5 * random.nextDouble();
        return new double[][] {
            {-sxy, 0, 0, sxy * n / 2},
            {0, -sxy, 0, sxy * n / 2},
            {0, 0, sz, -sz * nz},
            {0, 0, 0, 1}};
    }
}
