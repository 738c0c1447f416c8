package org.selfreg.dataprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A patient's {@code Info.cfg} in ACDC's distributed layout: {@code key: value} lines ({@code ED: 1}, {@code ES: 12},
 * {@code Group: DCM}, {@code Height}, {@code NbFrame}, {@code Weight}); only the ED and ES frame numbers are used.
 *
 * @param edFrame the end-diastolic frame number
 * @param esFrame the end-systolic frame number
 */
record AcdcInfo(int edFrame, int esFrame) {

    static final String FILE_NAME = "Info.cfg";

    /**
     * Reads {@code file}.
     *
     * @throws InvalidInputException naming the file when it is missing or has no whole-number ED or ES
     */
    static AcdcInfo read(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    values.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist; every ACDC patient folder has one naming its"
                    + " ED and ES frames", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new AcdcInfo(frame(file, values, "ED"), frame(file, values, "ES"));
    }

    private static int frame(Path file, Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new InvalidInputException(file + " has no '" + key + ":' line; ACDC's Info.cfg names the ED and ES"
                    + " frames (e.g. 'ED: 1'), restore it");
        }
        try {
            int frame = Integer.parseInt(value);
            if (frame >= 0) {
                return frame;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value.
        }
        throw new InvalidInputException(file + ": '" + key + ": " + value + "' is not a frame number; fix Info.cfg");
    }
}
