package org.selfreg.dataprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.selfreg.dataprep.DatasetDescription.LabelRule;
import org.selfreg.dataprep.DatasetDescription.Protocol;
import org.selfreg.dataprep.images.ImageFiles;
import org.selfreg.dataprep.images.Raster8;
import org.selfreg.dataprep.nifti.Affines;

/**
 * Prepares 2-D RGB images with binary or instance masks (GlaS, MoNuSeg) as UCTransNet reads them
 * (McGregorWwww/UCTransNet {@code Load_Dataset.py}, {@code ImageToImage2D}): image and mask resized to
 * {@link ImagePrepConfig#size()} with OpenCV's bilinear rule, mask binarised ({@code > 0}), image scaled to [0, 1] by
 * {@code / 255} ({@code ToTensor}).
 *
 * <p>Training images become {@code train_npz/<case>.npz} with {@code image} float32 (3, size, size) and {@code label}
 * uint8 (size, size); validation images get that slice too, and validation and test images become one-slice volumes
 * {@code test_vol/<case>.npz} with identity geometry that carry their binarised mask at the distributed resolution
 * ({@link TestVolume.NativeMask}). Channels are stored RGB; UCTransNet feeds BGR (as {@code cv2.imread} gives), which is
 * immaterial for a network trained from scratch but matters if weights trained on its inputs are loaded.
 *
 * <p>Case names: in {@link InputLayout#IMAGE_FOLDERS} the file stem prefixed by its folder ({@code train_12},
 * {@code val_3}, {@code test_12}), since GlaS numbers its training and test images from 1 in both folders; a held-out
 * validation image keeps its {@code train_} prefix. In {@link InputLayout#GLAS_BMP} the stem as is
 * ({@code train_12}, {@code testA_3}), already unique.
 */
final class ImageDatasetImport {

    private static final String TRAIN_FOLDER = "Train_Folder";
    private static final String VAL_FOLDER = "Val_Folder";
    private static final String TEST_FOLDER = "Test_Folder";
    private static final List<String> IMAGE_EXTENSIONS = List.of("png", "tif", "tiff", "bmp");
    private static final Pattern GLAS_IMAGE = Pattern.compile("(train|testA|testB)_\\d+\\.bmp");
    private static final Pattern GLAS_TRAIN_MASK = Pattern.compile("train_\\d+_anno\\.bmp");
    /** The spacing of a 2-D image, which has no physical geometry. */
    static final double[] UNIT_SPACING = {1, 1, 1};

    /** An image and its mask. */
    private record ImagePair(String caseName, Path image, Path mask) {
    }

    private final InputLayout layout;
    private final String datasetName;
    private final ImagePrepConfig config;
    private final List<ImagePair> train;
    private final List<ImagePair> val;
    private final List<ImagePair> test;
    /** Whether a mask holds a value other than 0, 1 and 255: ids of objects rather than a binary mask. */
    private final AtomicBoolean instanceIds = new AtomicBoolean();

    private ImageDatasetImport(Path input, InputLayout layout, ImagePrepConfig config) {
        this.layout = layout;
        this.config = config;
        if (layout == InputLayout.GLAS_BMP) {
            Map<String, List<ImagePair>> byRole = glasContest(input);
            this.train = byRole.get("train");
            this.val = List.of();
            this.test = byRole.get("test");
            this.datasetName = "glas";
        } else {
            this.train = folder(input.resolve(TRAIN_FOLDER), "train");
            Path valFolder = input.resolve(VAL_FOLDER);
            this.val = Files.isDirectory(valFolder) ? folder(valFolder, "val") : List.of();
            this.test = folder(input.resolve(TEST_FOLDER), "test");
            this.datasetName = nameOf(input, config);
        }
        if (!val.isEmpty() && config.valImages() != ImagePrepConfig.TEN_PERCENT) {
            throw new InvalidInputException(input + " has a " + VAL_FOLDER + ", whose images validate; valImages ("
                    + config.valImages() + ") applies only without one: leave it out");
        }
    }

    /**
     * Finds every image and mask of {@code input} in {@code layout} and checks their names, before anything is read.
     *
     * @throws InvalidInputException naming the folder or file that is missing, empty or misnamed
     */
    static ImageDatasetImport discover(Path input, InputLayout layout, ImagePrepConfig config) {
        if (!layout.images()) {
            throw new IllegalArgumentException(layout.id() + " is not an image layout");
        }
        return new ImageDatasetImport(input, layout, config);
    }

    /** Whether {@code dir} has UCTransNet's folders ({@code Train_Folder/img}). */
    static boolean isImageFolders(Path dir) {
        return Files.isDirectory(dir.resolve(TRAIN_FOLDER).resolve("img"));
    }

    /** Whether {@code dir} holds GlaS contest files ({@code train_NN_anno.bmp}). */
    static boolean isGlasContest(Path dir) {
        return list(dir).stream().anyMatch(f -> GLAS_TRAIN_MASK.matcher(f.getFileName().toString()).matches());
    }

    /**
     * Training, validation (the Val_Folder's or a seeded hold-out of training) and test cases; with folds, the
     * training and validation images dealt into image-level folds.
     */
    CaseSplit split(String source) {
        List<String> trainNames = train.stream().map(ImagePair::caseName).toList();
        List<String> testNames = test.stream().map(ImagePair::caseName).toList();
        if (!val.isEmpty()) {
            return new CaseSplit(trainNames, val.stream().map(ImagePair::caseName).toList(), testNames)
                    .withFolds(config.folds(), config.splitSeed(), source);
        }
        return CaseSplit.holdOut(trainNames, testNames, config.heldOut(trainNames.size()), config.splitSeed(), source)
                .withFolds(config.folds(), config.splitSeed(), source);
    }

    /** One job per image of the split. */
    List<CaseJob> jobs(CaseSplit split, DatasetFiles files) {
        List<ImagePair> all = new ArrayList<>(train);
        all.addAll(val);
        all.addAll(test);
        return all.stream().map(pair -> new CaseJob(pair.caseName(),
                writers -> prepare(pair, split.roleOf(pair.caseName()), files))).toList();
    }

    /** What the dataset is; call after the jobs ran, since the label rule depends on what the masks held. */
    DatasetDescription description() {
        List<String> classes = switch (datasetName) {
            case "glas" -> List.of("background", "gland");
            case "monuseg" -> List.of("background", "nucleus");
            default -> List.of("background", "foreground");
        };
        return new DatasetDescription(datasetName, classes, 3, 2,
                instanceIds.get() ? LabelRule.INSTANCE_MAP : LabelRule.BINARY_MASK, Protocol.UCTRANSNET);
    }

    /** The canonical config plus the layout, as the manifest records it. */
    Map<String, Object> manifestConfig() {
        Map<String, Object> form = new TreeMap<>(config.canonicalForm());
        form.put("layout", layout.id());
        return form;
    }

    private List<ManifestEntry> prepare(ImagePair pair, String role, DatasetFiles files) {
        Raster8 image = ImageFiles.readRgb(pair.image());
        Raster8 mask = ImageFiles.readGrey(pair.mask());
        if (mask.height() != image.height() || mask.width() != image.width()) {
            throw new InvalidInputException(pair.mask() + " is " + mask.width() + "x" + mask.height() + " but its image "
                    + pair.image() + " is " + image.width() + "x" + image.height() + "; a mask must have its image's "
                    + "size, replace it with the right mask");
        }
        noteInstanceIds(mask.pixels());
        int size = config.size();
        float[] pixels = unitPixels(image, size);
        byte[] label = binarised(mask.resized(size, size).pixels());
        List<ManifestEntry> entries = new ArrayList<>();
        if (!role.equals("test")) {
            entries.add(files.writeImageSlice(pair.caseName(), role, 3, size, size, pixels, label));
        }
        if (!role.equals("train")) {
            TestVolume volume = new TestVolume(pair.caseName(), 1, 3, size, size, pixels, label, Affines.identity(),
                    UNIT_SPACING, new TestVolume.NativeMask(mask.height(), mask.width(), binarised(mask.pixels())));
            entries.add(files.writeVolume(volume, role));
        }
        return entries;
    }

    /** The image resized to {@code size x size} (OpenCV's bilinear rule) with intensities scaled to [0, 1]. */
    static float[] unitPixels(Raster8 image, int size) {
        byte[] resized = image.resized(size, size).pixels();
        float[] pixels = new float[resized.length];
        for (int i = 0; i < resized.length; i++) {
            pixels[i] = (resized[i] & 0xFF) / 255f;
        }
        return pixels;
    }

    private void noteInstanceIds(byte[] mask) {
        for (byte v : mask) {
            if (v != 0 && v != 1 && v != (byte) 255) {
                instanceIds.set(true);
                return;
            }
        }
    }

    /** UCTransNet's {@code mask[mask <= 0] = 0; mask[mask > 0] = 1}. */
    private static byte[] binarised(byte[] mask) {
        byte[] out = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = (byte) (mask[i] != 0 ? 1 : 0);
        }
        return out;
    }

    /** {@code glas} or {@code monuseg} when the folder's name says so, else the config's name, else {@code images}. */
    private static String nameOf(Path input, ImagePrepConfig config) {
        Path folder = input.toAbsolutePath().normalize().getFileName();
        String lower = folder == null ? "" : folder.toString().toLowerCase(Locale.ROOT);
        if (lower.contains("glas")) {
            return "glas";
        }
        if (lower.contains("monuseg")) {
            return "monuseg";
        }
        return config.name().isEmpty() ? "images" : config.name();
    }

    /** The pairs of {@code folder/img} and {@code folder/labelcol}, case names prefixed by {@code prefix}. */
    private static List<ImagePair> folder(Path folder, String prefix) {
        Path images = folder.resolve("img");
        if (!Files.isDirectory(images)) {
            throw new InvalidInputException(images + " does not exist; the image-folders layout needs "
                    + InputLayout.IMAGE_FOLDERS.expects());
        }
        List<ImagePair> pairs = new ArrayList<>();
        for (Path image : list(images)) {
            String file = image.getFileName().toString();
            int dot = file.lastIndexOf('.');
            String extension = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (!IMAGE_EXTENSIONS.contains(extension)) {
                throw new InvalidInputException(image + " has an unknown extension; images are " + IMAGE_EXTENSIONS
                        + ": convert or remove it");
            }
            String stem = file.substring(0, dot);
            Path mask = folder.resolve("labelcol").resolve(stem + ".png");
            if (!Files.isRegularFile(mask)) {
                mask = folder.resolve("labelcol").resolve(stem + file.substring(dot));
            }
            if (!Files.isRegularFile(mask)) {
                throw new InvalidInputException(image + " has no mask: expected " + folder.resolve("labelcol")
                        .resolve(stem + ".png") + "; add the mask or remove the image");
            }
            pairs.add(new ImagePair(SafeNames.name(prefix + "_" + stem, "the case name of " + image), image, mask));
        }
        if (pairs.isEmpty()) {
            throw new InvalidInputException(images + " holds no image; put the images there or point at another "
                    + "folder");
        }
        return pairs;
    }

    /** The GlaS contest's pairs by role ({@code train}, {@code test}), in file name order. */
    private static Map<String, List<ImagePair>> glasContest(Path dir) {
        Map<String, List<ImagePair>> byRole = new TreeMap<>(Map.of("train", new ArrayList<>(), "test",
                new ArrayList<>()));
        for (Path file : list(dir)) {
            String name = file.getFileName().toString();
            if (!name.toLowerCase(Locale.ROOT).endsWith(".bmp") || name.endsWith("_anno.bmp")) {
                continue;
            }
            Matcher m = GLAS_IMAGE.matcher(name);
            if (!m.matches()) {
                throw new InvalidInputException(file + " is not a GlaS contest image (train_NN.bmp, testA_NN.bmp, "
                        + "testB_NN.bmp); rename or remove it");
            }
            String stem = name.substring(0, name.length() - ".bmp".length());
            Path mask = dir.resolve(stem + "_anno.bmp");
            if (!Files.isRegularFile(mask)) {
                throw new InvalidInputException(file + " has no mask: expected " + mask + "; restore it");
            }
            byRole.get(m.group(1).equals("train") ? "train" : "test").add(new ImagePair(stem, file, mask));
        }
        byRole.forEach((role, pairs) -> {
            if (pairs.isEmpty()) {
                throw new InvalidInputException(dir + " holds no GlaS " + role + " image; the glas-bmp layout needs "
                        + InputLayout.GLAS_BMP.expects());
            }
        });
        return byRole;
    }

    /** The files of {@code dir}, sorted by name; none when it is not a folder. */
    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
