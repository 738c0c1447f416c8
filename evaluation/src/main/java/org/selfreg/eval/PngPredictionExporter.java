package org.selfreg.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.selfreg.dataprep.TestVolume;

/**
 * Writes the prediction of a 2-D image as PNGs a person can open: {@code <case>_pred.png}, the mask at the network's
 * size (0/255 for a binary task, as GlaS and MoNuSeg distribute their masks; class ids otherwise), and
 * {@code <case>_overlay.png}, three panels side by side: the input image, the ground truth tinted over it and the
 * prediction tinted over it.
 */
final class PngPredictionExporter {

    /** Tint colours of classes 1, 2, ... (RGB), repeated for more classes. */
    private static final int[] PALETTE = {0x00FF00, 0xFF0000, 0x0080FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0xFF8000,
        0x8000FF};
    private static final double TINT = 0.45;

    private PngPredictionExporter() {
    }

    static void export(TestVolume image, byte[] prediction, int classes, Path dir) {
        if (image.depth() != 1) {
            throw new IllegalArgumentException(image.caseName() + ": a PNG holds one slice, the case has "
                    + image.depth());
        }
        LabelFiles.writePng(dir.resolve(image.caseName() + "_pred.png"), prediction, image.height(), image.width(),
                classes);
        write(overlay(image, prediction), dir.resolve(image.caseName() + "_overlay.png"));
    }

    /** Input | truth tint | prediction tint, each {@code width} wide. */
    static BufferedImage overlay(TestVolume image, byte[] prediction) {
        int h = image.height();
        int w = image.width();
        BufferedImage out = new BufferedImage(3 * w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int rgb = inputRgb(image, i);
                out.setRGB(x, y, rgb);
                out.setRGB(w + x, y, tint(rgb, image.label()[i] & 0xFF));
                out.setRGB(2 * w + x, y, tint(rgb, prediction[i] & 0xFF));
            }
        }
        return out;
    }

    /** The input pixel {@code i} as RGB: its three channels, or its one channel as grey; intensities in [0, 1]. */
    private static int inputRgb(TestVolume image, int i) {
        float[] values = image.image();
        int plane = image.planeSize();
        if (image.channels() == 1) {
            int grey = byteOf(values[i]);
            return grey << 16 | grey << 8 | grey;
        }
        return byteOf(values[i]) << 16 | byteOf(values[plane + i]) << 8 | byteOf(values[2 * plane + i]);
    }

    private static int tint(int rgb, int classId) {
        if (classId == 0) {
            return rgb;
        }
        int colour = PALETTE[(classId - 1) % PALETTE.length];
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int base = rgb >> shift & 0xFF;
            int over = colour >> shift & 0xFF;
            out |= (int) Math.round((1 - TINT) * base + TINT * over) << shift;
        }
        return out;
    }

    private static int byteOf(float unit) {
        return (int) Math.round(Math.clamp(Float.isNaN(unit) ? 0f : unit, 0f, 1f) * 255.0);
    }

    static void write(BufferedImage image, Path file) {
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
