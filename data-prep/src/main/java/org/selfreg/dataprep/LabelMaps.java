package org.selfreg.dataprep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * User label maps for the plain NIfTI layout: a JSON object from raw label id to class id, e.g.
 * {@code {"1": 1, "2": 2, "7": 3}}. Raw ids missing from the map are input errors when met in a label file; background
 * {@code 0 -> 0} is implied unless the map says otherwise. The class count is one more than the largest class id
 * ({@link PreprocessConfig#classes()}).
 */
public final class LabelMaps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelMaps() {
    }

    /**
     * Reads a label map file.
     *
     * @throws InvalidInputException if the file is missing, not a JSON object, or holds an id outside 0..255
     */
    public static Map<Integer, Integer> read(Path file) {
        try {
            Object parsed = JSON.readValue(Files.readString(file), Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new InvalidInputException(file + " is not a JSON object of raw id to class id, e.g. {\"1\": 1}");
            }
            return of(map, file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist; give the label map JSON file", e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Converts a parsed JSON object (string or number keys and values) to a label map; {@code source} names it in errors.
     *
     * @throws InvalidInputException if a key or value is not a whole number in 0..255, or the map is empty
     */
    public static Map<Integer, Integer> of(Map<?, ?> raw, String source) {
        if (raw.isEmpty()) {
            throw new InvalidInputException(source + ": the label map is empty; map each raw label id to a class id");
        }
        Map<Integer, Integer> map = new TreeMap<>();
        map.put(0, 0);
        raw.forEach((key, value) -> map.put(id(source, "raw id", key), id(source, "class id of " + key, value)));
        return map;
    }

    private static int id(String source, String what, Object value) {
        String text = String.valueOf(value).strip();
        try {
            double d = value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            if (d == Math.rint(d) && d >= 0 && d <= 255) {
                return (int) d;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below with the offending text.
        }
        throw new InvalidInputException(source + ": label map " + what + " '" + text
                + "' is not a whole number in 0..255; fix the label map");
    }
}
