package org.selfreg.dataprep.synthetic;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes small synthetic H&E-like histology datasets in the layouts of GlaS and MoNuSeg, for tests and pipeline runs
 * without the real data: pink stroma with noise and purple elliptic objects ("glands" or "nuclei") whose masks the
 * images show, so a small network learns them quickly. Output is deterministic for a seed.
 */
public final class HistologyGenerator {

    /** Which dataset the files imitate. */
    public enum Style {
        /**
         * GlaS: few large glands, masks are instance maps (0 background, 1..N one gland each) saved as grey PNG, all
         * images PNG.
         */
        GLAS,
        /** MoNuSeg: many small nuclei, masks 0/255, test images TIFF (as MoNuSeg's {@code Test_Folder/img}). */
        MONUSEG
    }

    /** Width of the generated images: small, and odd sizes against UCTransNet's 224, like the real 775x522. */
    public static final int WIDTH = 96;
    /** Height of the generated images. */
    public static final int HEIGHT = 72;

    private HistologyGenerator() {
    }

    /**
     * Writes UCTransNet's folders under {@code dir}: {@code Train_Folder}, {@code Val_Folder} (when {@code val > 0})
     * and {@code Test_Folder}, each with {@code img/<n>.png} (or {@code .tif} for MoNuSeg's tests) and
     * {@code labelcol/<n>.png}, images numbered from 1 in each folder as GlaS's are.
     */
    public static void writeImageFolders(Path dir, Style style, int train, int val, int test, long seed) {
        Random random = new Random(seed);
        writeFolder(dir.resolve("Train_Folder"), style, train, "png", random);
        if (val > 0) {
            writeFolder(dir.resolve("Val_Folder"), style, val, "png", random);
        }
        writeFolder(dir.resolve("Test_Folder"), style, test, style == Style.MONUSEG ? "tif" : "png", random);
    }

    /**
     * Writes the GlaS contest's flat folder {@code dir}: {@code train_NN.bmp} with {@code train_NN_anno.bmp} (8-bit
     * grey instance maps), {@code testA_NN.bmp} and {@code testB_NN.bmp} with theirs, and a {@code Grade.csv}.
     */
    public static void writeGlasContest(Path dir, int train, int testA, int testB, long seed) {
        Random random = new Random(seed);
        StringBuilder grades = new StringBuilder("name,patientID,grade (GlaS),grade (Sirinukunwattana et al. 2015)\n");
        for (String prefix : new String[] {"train", "testA", "testB"}) {
            int count = prefix.equals("train") ? train : prefix.equals("testA") ? testA : testB;
            for (int i = 1; i <= count; i++) {
                String stem = String.format("%s_%02d", prefix, i);
                Sample sample = sample(Style.GLAS, random);
                write(sample.image(), dir.resolve(stem + ".bmp"), "bmp");
                write(sample.mask(), dir.resolve(stem + "_anno.bmp"), "bmp");
                grades.append(stem).append(",1, benign, adenomatous\n");
            }
        }
        try {
            Files.writeString(dir.resolve("Grade.csv"), grades);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("Grade.csv"), e);
        }
    }

    private record Sample(BufferedImage image, BufferedImage mask) {
    }

    private static void writeFolder(Path folder, Style style, int count, String imageFormat, Random random) {
        for (int i = 1; i <= count; i++) {
            Sample sample = sample(style, random);
            write(sample.image(), folder.resolve("img").resolve(i + "." + imageFormat), imageFormat.equals("tif")
                    ? "tiff" : imageFormat);
            write(sample.mask(), folder.resolve("labelcol").resolve(i + ".png"), "png");
        }
    }

    /** Stroma with objects: GlaS few large ones with instance ids, MoNuSeg many small ones at 255. */
    private static Sample sample(Style style, Random random) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage mask = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        boolean glas = style == Style.GLAS;
        int objects = glas ? 1 + random.nextInt(3) : 8 + random.nextInt(8);
        double[][] ellipses = new double[objects][];
        for (int o = 0; o < objects; o++) {
            double radius = glas ? 10 + random.nextInt(10) : 3 + random.nextInt(3);
            ellipses[o] = new double[] {random.nextInt(WIDTH), random.nextInt(HEIGHT), radius,
                radius * (0.6 + 0.4 * random.nextDouble())};
        }
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int id = 0;
                for (int o = 0; o < objects && id == 0; o++) {
                    double dx = (x - ellipses[o][0]) / ellipses[o][2];
                    double dy = (y - ellipses[o][1]) / ellipses[o][3];
                    id = dx * dx + dy * dy <= 1 ? o + 1 : 0;
                }
                int noise = random.nextInt(31) - 15;
                int r = id > 0 ? 110 : 230;
                int g = id > 0 ? 60 : 170;
                int b = id > 0 ? 160 : 200;
                image.setRGB(x, y, (clamp(r + noise) << 16) | (clamp(g + noise) << 8) | clamp(b + noise));
                mask.getRaster().setSample(x, y, 0, id == 0 ? 0 : glas ? id : 255);
            }
        }
        return new Sample(image, mask);
    }

    private static int clamp(int value) {
        return Math.clamp(value, 0, 255);
    }

    private static void write(BufferedImage image, Path file, String format) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("the JDK has no " + format + " writer for " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
