package org.selfreg.dataprep.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.selfreg.dataprep.InvalidInputException;

class ImageFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"png", "tiff", "bmp"})
    void readsColourAsRgbPlanes(String format) throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        image.setRGB(0, 0, 0x102030);
        image.setRGB(2, 1, 0xFF8001);
        Path file = write(image, format);
        Raster8 rgb = ImageFiles.readRgb(file);
        assertEquals(3, rgb.channels());
        assertEquals(2, rgb.height());
        assertEquals(3, rgb.width());
        assertEquals(0x10, rgb.pixels()[0]);
        assertEquals(0x20, rgb.pixels()[6]);
        assertEquals(0x30, rgb.pixels()[12]);
        assertEquals((byte) 0xFF, rgb.pixels()[5]);
        assertEquals((byte) 0x80, rgb.pixels()[11]);
        assertEquals(0x01, rgb.pixels()[17]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "tiff", "bmp"})
    void greyImageIsReplicatedToThreeChannelsAndReadAsIsForAMask(String format) throws IOException {
        BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 2, 2, 0, new int[] {0, 3, 7, 255});
        Path file = write(grey, format);
        byte[] grey4 = {0, 3, 7, (byte) 255};
        assertArrayEquals(grey4, ImageFiles.readGrey(file).pixels());
        byte[] rgb = ImageFiles.readRgb(file).pixels();
        assertArrayEquals(new byte[] {0, 3, 7, (byte) 255, 0, 3, 7, (byte) 255, 0, 3, 7, (byte) 255}, rgb);
    }

    @Test
    void alphaIsDroppedAndGreyStoredAsRgbIsAMask() throws IOException {
        BufferedImage argb = new BufferedImage(1, 2, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00050505);
        argb.setRGB(0, 1, 0x80FAFAFA);
        Path file = write(argb, "png");
        assertArrayEquals(new byte[] {5, (byte) 250, 5, (byte) 250, 5, (byte) 250}, ImageFiles.readRgb(file).pixels());
        assertArrayEquals(new byte[] {5, (byte) 250}, ImageFiles.readGrey(file).pixels());
    }

    @Test
    void aColourMaskIsRefusedNamingThePixel() throws IOException {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        image.setRGB(1, 0, 0x00FF00);
        Path file = write(image, "png");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageFiles.readGrey(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("pixel 1,0"), e.getMessage());
    }

    @Test
    void undecodableAndUnknownFilesAreNamed() throws IOException {
        Path garbage = Files.write(dir.resolve("broken.tif"), new byte[] {'I', 'I', 42, 0, 1, 2, 3, 4, 5});
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        Path missing = dir.resolve("missing.png");
        for (Path file : new Path[] {garbage, text, missing}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageFiles.readRgb(file));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }

    private Path write(BufferedImage image, String format) throws IOException {
        Path file = dir.resolve("image." + format);
        assertTrue(ImageIO.write(image, format, file.toFile()), format);
        return file;
    }
}
