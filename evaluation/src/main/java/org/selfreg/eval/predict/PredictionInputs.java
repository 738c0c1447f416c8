package org.selfreg.eval.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.NewScans;

/** The files a prediction reads: one file, or the NIfTI and image files of a folder (not its sub-folders). */
public final class PredictionInputs {

    /** What an input file holds, by its name. */
    enum Kind {
        VOLUME, IMAGE
    }

    /** An input file and what it holds. */
    record Input(Path file, Kind kind) {

        /** Its case name, which names its outputs. */
        String caseName() {
            return NewScans.caseName(file);
        }
    }

    private PredictionInputs() {
    }

    /**
     * The inputs at {@code path}, sorted by name; in a folder, files of other types are skipped.
     *
     * @throws InvalidInputException if the path does not exist, is a file of another type, holds no input, or two
     *                               inputs would write the same output
     */
    static List<Input> of(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(kindOf(path).map(k -> new Input(path, k)).orElseThrow(() -> new InvalidInputException(path
                    + " is neither NIfTI (.nii, .nii.gz) nor an image (.png, .tif, .tiff, .bmp); convert it")));
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidInputException(path + " does not exist; give --input a NIfTI or image file, or a folder of"
                    + " them");
        }
        List<Input> inputs;
        try (Stream<Path> files = Files.list(path)) {
            inputs = files.filter(Files::isRegularFile).sorted()
                    .flatMap(f -> kindOf(f).map(k -> new Input(f, k)).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
        if (inputs.isEmpty()) {
            throw new InvalidInputException(path + " holds no NIfTI (.nii, .nii.gz) or image (.png, .tif, .tiff, .bmp)"
                    + " file; point --input at the files to segment");
        }
        Map<String, Path> byCase = new HashMap<>();
        for (Input input : inputs) {
            Path other = byCase.putIfAbsent(input.caseName(), input.file());
            if (other != null) {
                throw new InvalidInputException(other + " and " + input.file() + " would both write '"
                        + input.caseName() + "'; rename one of them");
            }
        }
        return inputs;
    }

    /**
     * The files at {@code path} that a prediction reads, sorted by name, checked as {@link #of} checks them.
     *
     * @throws InvalidInputException as {@link #of} does
     */
    public static List<Path> files(Path path) {
        return of(path).stream().map(Input::file).toList();
    }

    /** Whether a file of this name is a prediction input (NIfTI or an image); hidden files are not. */
    public static boolean isInput(String fileName) {
        return kindOf(Path.of(fileName)).isPresent();
    }

    private static Optional<Kind> kindOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.startsWith(".")) {
            return Optional.empty();
        }
        if (name.endsWith(".nii") || name.endsWith(".nii.gz")) {
            return Optional.of(Kind.VOLUME);
        }
        if (name.endsWith(".png") || name.endsWith(".tif") || name.endsWith(".tiff") || name.endsWith(".bmp")) {
            return Optional.of(Kind.IMAGE);
        }
        return Optional.empty();
    }
}
