package org.selfreg.dataprep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;

/**
 * A cheap key for "this input with this config": the SHA-256 of the layout, the preprocessing config and every input
 * file (path, size, SHA-256). Hashing reads the input once, far cheaper than preprocessing it, so an unchanged input can
 * be matched to the dataset it already produced (see {@code org.selfreg.storage.DatasetIndex}).
 */
public final class InputDigest {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private InputDigest() {
    }

    /** The digest of every regular file under {@code inputDir} read as {@code layout} with {@code config}. */
    public static String of(Path inputDir, InputLayout layout, PreprocessConfig config) {
        return digest(layout.id(), files(inputDir), config.canonicalForm());
    }

    /** The digest of every regular file under {@code inputDir} read as the image {@code layout} with {@code config}. */
    public static String of(Path inputDir, InputLayout layout, ImagePrepConfig config) {
        return digest(layout.id(), files(inputDir), config.canonicalForm());
    }

    private static List<Map<String, Object>> files(Path inputDir) {
        List<Map<String, Object>> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(inputDir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("path", inputDir.relativize(file).toString().replace('\\', '/'));
                f.put("size", Files.size(file));
                f.put("sha256", Sha256.of(file));
                files.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash the input files under " + inputDir, e);
        }
        return files;
    }

    /**
     * The digest of a synthetic dataset: its generator settings and the generator's {@link SyntheticCtGenerator#VERSION}
     * stand for the files they deterministically produce.
     */
    public static String ofSynthetic(SyntheticSpec spec, PreprocessConfig config) {
        return ofSynthetic(spec, SyntheticCtGenerator.VERSION, config);
    }

    /** As {@link #ofSynthetic(SyntheticSpec, PreprocessConfig)} for a given generator version. */
    static String ofSynthetic(SyntheticSpec spec, int generatorVersion, PreprocessConfig config) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("generatorVersion", generatorVersion);
        input.put("spec", spec);
        return digest("synthetic", input, config.canonicalForm());
    }

    private static String digest(String source, Object input, Map<String, Object> config) {
        Map<String, Object> form = new LinkedHashMap<>();
        // The output format is part of the key: a new data-prep format must not reuse datasets of the old one.
        form.put("format", DatasetManifest.FORMAT);
        form.put("source", source);
        form.put("input", input);
        form.put("config", config);
        try {
            return Sha256.of(CANONICAL.writeValueAsBytes(form));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("input description is not serialisable", e);
        }
    }
}
