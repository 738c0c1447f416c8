package org.selfreg.dataprep.images;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Reads PNG, BMP and TIFF images with {@link ImageIO}: the JDK has decoded all three since Java 9, so no dependency
 * is added, and a decoder that ships and is maintained with the JDK is safer than a third-party one for files from
 * outside.
 *
 * <p>The rules follow what UCTransNet reads with OpenCV (McGregorWwww/UCTransNet {@code Load_Dataset.py}):
 * <ul>
 *   <li>an image, {@code cv2.imread(path)} ({@code IMREAD_COLOR}), always has 3 channels: a grey image is replicated
 *       into R, G and B, an alpha channel is dropped without compositing, a palette image is expanded to its colours;
 *   <li>a mask, {@code cv2.imread(path, 0)}, is one grey channel. A colour mask is accepted only when R = G = B at every
 *       pixel (a grey mask stored as RGB), which every grey conversion leaves as is; any other colour mask is refused,
 *       since OpenCV's conversion differs between its decoders (libpng's for PNG, its own for BMP) and a colour mask is
 *       far likelier a wrong file than a mask.
 * </ul>
 * Samples of more than 8 bits keep their top 8 (OpenCV's conversion without {@code IMREAD_ANYDEPTH}); samples of
 * 1, 2 or 4 bits are scaled to 0..255. Every failure names the file.
 */
public final class ImageFiles {

    private ImageFiles() {
    }

    /** An image as 3 RGB planes. */
    public static Raster8 readRgb(Path file) {
        BufferedImage image = decode(file);
        Raster8 raster = planes(file, image);
        if (raster.channels() == 3) {
            return raster;
        }
        int plane = raster.height() * raster.width();
        byte[] rgb = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(raster.pixels(), 0, rgb, c * plane, plane);
        }
        return new Raster8(3, raster.height(), raster.width(), rgb);
    }

    /** A mask as one grey plane. */
    public static Raster8 readGrey(Path file) {
        Raster8 raster = planes(file, decode(file));
        if (raster.channels() == 1) {
            return raster;
        }
        int plane = raster.height() * raster.width();
        byte[] p = raster.pixels();
        for (int i = 0; i < plane; i++) {
            if (p[i] != p[plane + i] || p[i] != p[2 * plane + i]) {
                throw new InvalidInputException(file + " is a colour image (pixel " + i % raster.width() + ","
                        + i / raster.width() + " is RGB " + (p[i] & 0xFF) + "," + (p[plane + i] & 0xFF) + ","
                        + (p[2 * plane + i] & 0xFF) + ") but is used as a mask; masks must be grey (0 background, "
                        + "foreground or instance ids above); convert it to a grey PNG");
            }
        }
        return new Raster8(1, raster.height(), raster.width(), Arrays.copyOf(p, plane));
    }

    private static BufferedImage decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + " does not exist or is not a file; restore it");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(file + " cannot be decoded (" + e.getMessage() + "); it is damaged or uses "
                    + "an encoding the JDK's decoder lacks; re-export it as PNG", e);
        }
        if (image == null) {
            throw new InvalidInputException(file + " is not an image the JDK can read (PNG, BMP, TIFF); re-export it "
                    + "as PNG");
        }
        return image;
    }

    private static Raster8 planes(Path file, BufferedImage image) {
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        if (model instanceof IndexColorModel palette) {
            byte[] rgb = new byte[3 * plane];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int index = raster.getSample(x, y, 0);
                    int i = y * width + x;
                    rgb[i] = (byte) palette.getRed(index);
                    rgb[plane + i] = (byte) palette.getGreen(index);
                    rgb[2 * plane + i] = (byte) palette.getBlue(index);
                }
            }
            return new Raster8(3, height, width, rgb);
        }
        int type = model.getColorSpace().getType();
        int channels = model.getNumColorComponents();
        if (!(type == ColorSpace.TYPE_GRAY && channels == 1 || type == ColorSpace.TYPE_RGB && channels == 3)) {
            throw new InvalidInputException(file + " has " + channels + " colour components in a colour space other "
                    + "than grey or RGB (e.g. CMYK); convert it to an RGB PNG");
        }
        byte[] pixels = new byte[channels * plane];
        for (int c = 0; c < channels; c++) {
            int bits = raster.getSampleModel().getSampleSize(c);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    pixels[c * plane + y * width + x] = (byte) to8Bits(raster.getSample(x, y, c), bits);
                }
            }
        }
        return new Raster8(channels, height, width, pixels);
    }

    private static int to8Bits(int sample, int bits) {
        if (bits >= 8) {
            return sample >>> (bits - 8);
        }
        return sample * 255 / ((1 << bits) - 1);
    }
}
