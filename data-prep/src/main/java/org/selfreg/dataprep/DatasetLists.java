package org.selfreg.dataprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TransUNet-style list files ({@code lists/train.txt}, {@code val.txt}, {@code test_vol.txt}): one slice or case name
 * per line. Names become file paths, so anything but a plain name is rejected rather than resolved.
 */
public final class DatasetLists {

    public static final String TRAIN = "train.txt";
    public static final String VAL = "val.txt";
    public static final String TEST = "test_vol.txt";

    private DatasetLists() {
    }

    /**
     * Reads a list file, skipping blank lines.
     *
     * @throws InvalidInputException if the file is missing or a line is not a plain file name (e.g. {@code ../x})
     */
    public static List<String> read(Path listFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(listFile + " does not exist; is this a prepared dataset?", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + listFile, e);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!SafeNames.isPlainName(name)) {
                throw new InvalidInputException(listFile + " line " + (i + 1) + ": '" + name + "' is not a plain slice "
                        + "or case name (letters, digits, '_', '-', '.'); fix or regenerate the list");
            }
            names.add(name);
        }
        return names;
    }

    /** Writes one name per line. */
    public static void write(Path listFile, List<String> names) {
        try {
            Files.write(listFile, names, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + listFile, e);
        }
    }
}
