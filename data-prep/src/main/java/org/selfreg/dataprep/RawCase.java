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
 * One case of the raw BTCV layout: {@code img/imgNNNN.nii[.gz]} with {@code label/labelNNNN.nii[.gz]}.
 *
 * @param name  {@code caseNNNN}, the name TransUNet's lists use
 * @param image the CT volume
 * @param label the label volume
 */
record RawCase(String name, Path image, Path label) {

    private static final Pattern IMAGE = Pattern.compile("img(\\d+)\\.nii(\\.gz)?");

    /**
     * Every case under {@code rawDir}, sorted by name.
     *
     * @throws InvalidInputException if there is no {@code img} folder, no image, or an image lacks its label
     */
    static List<RawCase> discover(Path rawDir) {
        Path imgDir = rawDir.resolve("img");
        if (!Files.isDirectory(imgDir)) {
            throw new InvalidInputException(rawDir + " has no img/ folder; expected BTCV's layout img/img0001.nii.gz "
                    + "with label/label0001.nii.gz");
        }
        List<RawCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(imgDir)) {
            for (Path image : files.sorted().toList()) {
                Matcher m = IMAGE.matcher(image.getFileName().toString());
                if (m.matches()) {
                    cases.add(new RawCase("case" + m.group(1), image, labelOf(rawDir, m.group(1), image)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + imgDir, e);
        }
        if (cases.isEmpty()) {
            throw new InvalidInputException(imgDir + " holds no imgNNNN.nii or imgNNNN.nii.gz files");
        }
        return cases;
    }

    private static Path labelOf(Path rawDir, String id, Path image) {
        for (String suffix : new String[] {".nii.gz", ".nii"}) {
            Path label = rawDir.resolve("label").resolve("label" + id + suffix);
            if (Files.isRegularFile(label)) {
                return label;
            }
        }
        throw new InvalidInputException(image + " has no label file label/label" + id + ".nii.gz; add it or remove the image");
    }
}
