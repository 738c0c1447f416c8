package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetDescription.LabelRule;
import org.selfreg.dataprep.synthetic.HistologyGenerator;
import org.selfreg.dataprep.synthetic.HistologyGenerator.Style;

class ImageDatasetImportTest {

    private static final ImagePrepConfig SMALL = new ImagePrepConfig(32, ImagePrepConfig.TEN_PERCENT, 7, "");

    @TempDir
    Path dir;

    @Test
    void preparesAGlasLikeFolderWithASeededHoldOut() {
        Path input = dir.resolve("GlaS");
        HistologyGenerator.writeImageFolders(input, Style.GLAS, 10, 0, 4, 1);
        assertEquals(InputLayout.IMAGE_FOLDERS, InputLayout.detect(input));
        PreparedDataset prepared = prepare(input, dir.resolve("out"), SMALL);

        assertEquals(List.of("background", "gland"), prepared.description().classNames());
        assertEquals("glas", prepared.description().name());
        assertEquals(LabelRule.INSTANCE_MAP, prepared.description().labelRule());
        assertEquals(3, prepared.description().channels());
        assertEquals(1, prepared.valCases().size(), "10 % of 10");
        assertEquals(9, prepared.trainSlices().size());
        assertTrue(prepared.valCases().getFirst().startsWith("train_"));
        assertEquals(List.of("test_1", "test_2", "test_3", "test_4"), prepared.testCases());
        assertEquals(prepared.digest(), PreparedDataset.load(prepared.dir()).digest());

        TrainingSlice slice = TrainingSlice.read(prepared.slicePath(prepared.trainSlices().getFirst()));
        assertEquals(3, slice.channels());
        assertEquals(32, slice.height());
        assertEquals(32, slice.width());
        assertBinary(slice.label());
        for (float v : slice.image()) {
            assertTrue(v >= 0 && v <= 1, "image in [0, 1]");
        }
        TestVolume volume = TestVolume.read(prepared.volumePath("test_2"));
        assertEquals(1, volume.depth());
        assertEquals(3, volume.channels());
        assertNotNull(volume.nativeMask());
        assertEquals(HistologyGenerator.HEIGHT, volume.nativeMask().height());
        assertEquals(HistologyGenerator.WIDTH, volume.nativeMask().width());
        assertBinary(volume.nativeMask().label());
        assertNotNull(TestVolume.read(prepared.volumePath(prepared.valCases().getFirst())).nativeMask());
    }

    @Test
    void sameInputSameDigestAndTheSeedPicksTheValidationImages() {
        Path input = dir.resolve("glas");
        HistologyGenerator.writeImageFolders(input, Style.GLAS, 12, 0, 2, 3);
        PreparedDataset a = prepare(input, dir.resolve("a"), SMALL);
        PreparedDataset b = prepare(input, dir.resolve("b"), SMALL);
        assertEquals(a.digest(), b.digest());
        PreparedDataset counted = prepare(input, dir.resolve("c"), new ImagePrepConfig(32, 3, 7, ""));
        assertEquals(3, counted.valCases().size());
        PreparedDataset reseeded = prepare(input, dir.resolve("d"), new ImagePrepConfig(32, 3, 8, ""));
        assertNotEquals(counted.valCases(), reseeded.valCases());
        assertNotEquals(counted.digest(), reseeded.digest());
    }

    @Test
    void preparesAMonusegLikeFolderWithItsValFolderAndTiffTests() {
        Path input = dir.resolve("MoNuSeg");
        HistologyGenerator.writeImageFolders(input, Style.MONUSEG, 4, 2, 3, 5);
        assertTrue(Files.exists(input.resolve("Test_Folder/img/1.tif")));
        PreparedDataset prepared = prepare(input, dir.resolve("out"), SMALL);
        assertEquals("monuseg", prepared.description().name());
        assertEquals(List.of("background", "nucleus"), prepared.description().classNames());
        assertEquals(LabelRule.BINARY_MASK, prepared.description().labelRule());
        assertEquals(List.of("val_1", "val_2"), prepared.valCases());
        assertEquals(4, prepared.trainSlices().size());
        assertEquals(3, prepared.testCases().size());
        assertEquals(DatasetDescription.Protocol.UCTRANSNET, PreparedDataset.load(prepared.dir()).description().protocol());
    }

    @Test
    void aValFolderAndACountOfHeldOutImagesConflict() {
        Path input = dir.resolve("MoNuSeg");
        HistologyGenerator.writeImageFolders(input, Style.MONUSEG, 4, 2, 3, 5);
        assertMessage(input, new ImagePrepConfig(32, 1, 7, ""), "Val_Folder");
    }

    @Test
    void preparesTheGlasContestLayoutAndNamesOtherFoldersByConfig() {
        Path contest = dir.resolve("Warwick QU Dataset");
        HistologyGenerator.writeGlasContest(contest, 6, 2, 1, 9);
        assertEquals(InputLayout.GLAS_BMP, InputLayout.detect(contest));
        PreparedDataset prepared = new Preprocessor(2).prepareImages(contest, InputLayout.GLAS_BMP, dir.resolve("out"),
                SMALL, ProgressListener.NONE);
        assertEquals("glas", prepared.description().name());
        assertEquals(List.of("testA_01", "testA_02", "testB_01"), prepared.testCases());
        assertEquals(5 + 1, prepared.trainSlices().size() + prepared.valCases().size());

        Path plain = dir.resolve("slides");
        HistologyGenerator.writeImageFolders(plain, Style.MONUSEG, 3, 1, 1, 2);
        assertEquals("images", prepare(plain, dir.resolve("p"), SMALL).description().name());
        assertEquals("colon", prepare(plain, dir.resolve("q"), new ImagePrepConfig(32, ImagePrepConfig.TEN_PERCENT, 1,
                "colon")).description().name());
    }

    @Test
    void badInputNamesTheFileAndLeavesNoDataset() {
        Path input = dir.resolve("glas");
        Path out = dir.resolve("out");
        assertBad(input, out, in -> delete(in.resolve("Train_Folder/labelcol/2.png")), "Train_Folder/img/2.png");
        assertBad(input, out, in -> write(in.resolve("Test_Folder/img/1.png"), new byte[] {1, 2, 3}),
                "Test_Folder/img/1.png");
        assertBad(input, out, in -> {
            write(in.resolve("Test_Folder/img/9.tif"), new byte[] {'I', 'I', 42, 0, 9});
            copy(in.resolve("Test_Folder/labelcol/1.png"), in.resolve("Test_Folder/labelcol/9.png"));
        }, "Test_Folder/img/9.tif");
        assertBad(input, out, in -> writeGrey(in.resolve("Train_Folder/labelcol/3.png"), 10, 8),
                "Train_Folder/labelcol/3.png");
        assertBad(input, out, in -> write(in.resolve("Train_Folder/img/notes.txt"), new byte[] {1}),
                "Train_Folder/img/notes.txt");
        assertBad(input, out, in -> {
            delete(in.resolve("Test_Folder/img"));
            write(in.resolve("Test_Folder/img/.keep"), new byte[0]);
            delete(in.resolve("Test_Folder/img/.keep"));
        }, "Test_Folder/img");
    }

    private void assertBad(Path input, Path out, Consumer<Path> damage, String named) {
        FileTrees.deleteRecursively(input);
        HistologyGenerator.writeImageFolders(input, Style.GLAS, 4, 1, 2, 4);
        // A whole dataset first: an input refused before any image is read leaves it whole; one refused while
        // images are written leaves no manifest, so nothing half-written passes for a dataset.
        prepare(input, out, SMALL);
        damage.accept(input);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> prepare(input, out, SMALL));
        assertTrue(e.getMessage().contains(input.resolve(named).toString()), e.getMessage());
        if (Files.exists(out.resolve(DatasetManifest.FILE_NAME))) {
            DatasetManifest.read(out).verifyFiles(out);
        }
    }

    private void assertMessage(Path input, ImagePrepConfig config, String expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> prepare(input, dir.resolve("x"), config));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static PreparedDataset prepare(Path input, Path out, ImagePrepConfig config) {
        return new Preprocessor(2).prepareImages(input, InputLayout.detect(input), out, config, ProgressListener.NONE);
    }

    private static void assertBinary(byte[] label) {
        boolean foreground = false;
        for (byte v : label) {
            assertTrue(v == 0 || v == 1, "label " + v);
            foreground |= v == 1;
        }
        assertTrue(foreground, "some foreground");
    }

    private static void delete(Path file) {
        FileTrees.deleteRecursively(file);
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void writeGrey(Path file, int width, int height) {
        try {
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
