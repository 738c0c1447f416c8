package org.selfreg.dataprep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a prepared dataset holds: the preprocessing config, the split, and every output file with its shape, dtypes,
 * checksum and class counts. {@link #digest()} identifies the dataset's content: equal inputs and config give equal
 * digests, and a digest names the dataset in S3 ({@code datasets/<digest>/}).
 *
 * @param format      version of this layout
 * @param config      the preprocessing config in canonical form
 * @param description what the dataset is (classes and their names, channels, dimensions, protocol)
 * @param trainSlices slice names listed for training
 * @param valCases    validation case names
 * @param testCases   test case names, in evaluation order
 * @param entries     output files, sorted by path
 * @param lists       hex SHA-256 of each list file, by path ({@code lists/train.txt}, ...): the lists are read by the
 *                    workers, so their bytes are covered by the digest and checked on fetch like every other file
 */
public record DatasetManifest(String format, Map<String, Object> config, DatasetDescription description,
                              List<String> trainSlices,
                              List<String> valCases, List<String> testCases, List<ManifestEntry> entries,
                              Map<String, String> lists) {

    public static final String FILE_NAME = "manifest.json";
    /**
     * 3: the dataset describes itself ({@link #description}; 2 had only a class count). 2: the list files are in the
     * manifest ({@link #lists}); 1 had only their content, as the split fields.
     */
    static final String FORMAT = "selfreg-dataprep/3";

    /** Sorted keys and no whitespace: the same content always serialises to the same bytes. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public DatasetManifest {
        entries = entries.stream().sorted(Comparator.comparing(ManifestEntry::file)).toList();
        trainSlices = List.copyOf(trainSlices);
        valCases = List.copyOf(valCases);
        testCases = List.copyOf(testCases);
        lists = new TreeMap<>(lists);
        Objects.requireNonNull(description, "description");
    }

    /** Number of classes, background included. */
    public int classes() {
        return description.classes();
    }

    /** Hex SHA-256 of the canonical JSON of everything above, config included. */
    public String digest() {
        try {
            return Sha256.of(CANONICAL.writeValueAsBytes(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest is not serialisable", e);
        }
    }

    /** Writes {@code manifest.json} (with its digest) into {@code dir}. */
    public void write(Path dir) {
        ObjectNode json = CANONICAL.valueToTree(this);
        json.put("digest", digest());
        try {
            Files.write(dir.resolve(FILE_NAME), CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest in " + dir, e);
        }
    }

    /**
     * Reads {@code dir/manifest.json} and checks its recorded digest against its content.
     *
     * @throws InvalidInputException if the manifest is missing, malformed or altered
     */
    public static DatasetManifest read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            ObjectNode json = (ObjectNode) CANONICAL.readTree(Files.readString(file, StandardCharsets.UTF_8));
            String recorded = json.path("digest").asText();
            String format = json.path("format").asText();
            if (!format.equals(FORMAT)) {
                throw new InvalidInputException(file + " has format '" + format + "', expected '" + FORMAT
                        + "'; re-run data preparation with this version");
            }
            DatasetManifest manifest = CANONICAL.treeToValue(json, DatasetManifest.class);
            if (!recorded.equals(manifest.digest())) {
                throw new InvalidInputException(file + " records digest " + recorded + " but its content hashes to "
                        + manifest.digest() + "; the manifest was altered, re-run data preparation");
            }
            return manifest;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist; " + dir + " is not a prepared dataset", e);
        } catch (JsonProcessingException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException(file + " is not a valid manifest (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Checks every listed file under {@code dir} against its recorded SHA-256.
     *
     * @throws InvalidInputException naming the first missing or altered file
     */
    public void verifyFiles(Path dir) {
        Map<String, String> expected = new TreeMap<>(lists);
        entries.forEach(e -> expected.put(e.file(), e.sha256()));
        expected.forEach((relative, sha256) -> {
            Path file = SafeNames.under(dir, relative, "file '" + relative + "' in " + dir.resolve(FILE_NAME));
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file + " is listed in the manifest but missing; fetch the dataset "
                        + "again");
            }
            if (!Sha256.of(file).equals(sha256)) {
                throw new InvalidInputException(file + " does not match its manifest checksum; fetch the dataset "
                        + "again");
            }
        });
    }

    /** Every file of the dataset but the manifest, by path relative to its root. */
    public List<String> files() {
        List<String> files = new ArrayList<>(entries.stream().map(ManifestEntry::file).toList());
        files.addAll(lists.keySet());
        return files;
    }
}
