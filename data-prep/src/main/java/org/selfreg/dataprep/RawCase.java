package org.selfreg.dataprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One image/label pair of NIfTI volumes.
 *
 * @param name  the case name used in lists and file names ({@code caseNNNN} for BTCV)
 * @param image the CT (or other intensity) volume
 * @param label the label volume on the same grid
 */
record RawCase(String name, Path image, Path label) {

    private static final Pattern BTCV_IMAGE = Pattern.compile("img(\\d+)\\.nii(\\.gz)?");
    private static final Pattern NIFTI_IMAGE = Pattern.compile("(.+?)\\.nii(\\.gz)?");
    private static final String[] SUFFIXES = {".nii.gz", ".nii"};

    /**
     * Every case of the BTCV layout under {@code rawDir}, sorted by name: {@code img/img0001.nii.gz} becomes
     * {@code case0001} with {@code label/label0001.nii.gz}.
     *
     * @throws InvalidInputException if there is no {@code img} folder, no image, or an image lacks its label
     */
    static List<RawCase> discoverBtcv(Path rawDir) {
        List<RawCase> cases = new ArrayList<>();
        for (Path image : list(rawDir, "img", InputLayout.BTCV)) {
            Matcher m = BTCV_IMAGE.matcher(image.getFileName().toString());
            if (m.matches()) {
                cases.add(new RawCase("case" + m.group(1), image, labelOf(rawDir.resolve("label"), "label" + m.group(1), image)));
            }
        }
        return nonEmpty(cases, rawDir.resolve("img"), "imgNNNN.nii or imgNNNN.nii.gz");
    }

    /**
     * Every pair of the plain NIfTI layout: {@code images/<name>.nii[.gz]} with {@code labels/<name>.nii[.gz]}; the case
     * is called {@code <name>}, which must be a plain name because lists and file names are built from it.
     *
     * @throws InvalidInputException if there is no {@code images} folder, no image, an unsafe name, or a missing label
     */
    static List<RawCase> discoverPairs(Path rawDir) {
        List<RawCase> cases = new ArrayList<>();
        for (Path image : list(rawDir, "images", InputLayout.NIFTI)) {
            Matcher m = NIFTI_IMAGE.matcher(image.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            if (!SafeNames.isPlainName(name)) {
                throw new InvalidInputException(image + ": '" + name + "' is not a plain case name (letters, digits, "
                        + "'_', '-', '.'); rename the image and its label");
            }
            cases.add(new RawCase(name, image, labelOf(rawDir.resolve("labels"), name, image)));
        }
        return nonEmpty(cases, rawDir.resolve("images"), "<name>.nii or <name>.nii.gz");
    }

    private static List<Path> list(Path rawDir, String folder, InputLayout layout) {
        Path dir = rawDir.resolve(folder);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(rawDir + " has no " + folder + "/ folder; expected the " + layout.id()
                    + " layout " + layout.expects());
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<RawCase> nonEmpty(List<RawCase> cases, Path dir, String pattern) {
        if (cases.isEmpty()) {
            throw new InvalidInputException(dir + " holds no " + pattern + " files");
        }
        return cases;
    }

    private static Path labelOf(Path labelDir, String stem, Path image) {
        for (String suffix : SUFFIXES) {
            Path label = labelDir.resolve(stem + suffix);
            if (Files.isRegularFile(label)) {
                return label;
            }
        }
        throw new InvalidInputException(image + " has no label file " + labelDir.resolve(stem + SUFFIXES[0])
                + "; add it or remove the image");
    }
}
