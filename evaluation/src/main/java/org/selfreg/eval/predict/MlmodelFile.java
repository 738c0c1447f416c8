package org.selfreg.eval.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.selfreg.dataprep.InvalidInputException;

/**
 * The {@code MLmodel} file that makes a folder an MLflow model: the top-level fields MLflow's own {@code Model.save}
 * writes ({@code artifact_path}, {@code flavors}, {@code model_uuid}, {@code run_id}, {@code utc_time_created},
 * {@code mlflow_version}, {@code model_size_bytes}) and one custom flavor, {@value #FLAVOR}, that names the package's
 * files. MLflow's UI and registry only need these fields; no Python flavor is declared, since the model runs here.
 */
final class MlmodelFile {

    static final String NAME = "MLmodel";
    static final String FLAVOR = "selfreg";
    /** The MLflow release whose file layout this follows (the Java client's version). */
    private static final String MLFLOW_VERSION = "2.17.2";
    private static final YAMLMapper YAML = new YAMLMapper();
    /** MLflow's format: {@code datetime.utcnow()} printed by {@code str()}. */
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private MlmodelFile() {
    }

    /**
     * Writes {@code dir/MLmodel} for a package whose other files are already in {@code dir}.
     *
     * @param artifactPath where the folder lies in its run's artifacts ({@code model})
     * @param runId        the run whose artifacts hold it, or empty
     */
    static void write(Path dir, ModelCard card, String artifactPath, String runId, String backbone) {
        Map<String, Object> flavor = new LinkedHashMap<>();
        flavor.put("format_version", card.formatVersion());
        flavor.put("model_card", ModelPackage.CARD);
        flavor.put("checkpoint", card.checkpoint());
        flavor.put("backbone", backbone);
        flavor.put("classes", card.dataset().classNames());
        flavor.put("dimensions", card.dataset().dimensions());
        flavor.put("code_version", card.codeVersion());
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("artifact_path", artifactPath);
        file.put("flavors", Map.of(FLAVOR, flavor));
        file.put("mlflow_version", MLFLOW_VERSION);
        file.put("model_size_bytes", sizeOf(dir));
        file.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
        file.put("run_id", runId.isEmpty() ? null : runId);
        file.put("utc_time_created", UTC_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        try {
            YAML.writeValue(dir.resolve(NAME).toFile(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(NAME), e);
        }
    }

    /**
     * The {@value #FLAVOR} flavor of {@code dir/MLmodel}.
     *
     * @throws InvalidInputException if the folder is no MLflow model, or a model of another flavor
     */
    static JsonNode flavor(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir + " is not a model folder (it has no " + NAME + "); pass a folder"
                    + " written by ./selfreg export-model, or a runs:/RUN_ID of an evaluated trial");
        }
        JsonNode flavor;
        try {
            flavor = YAML.readTree(file.toFile()).path("flavors").path(FLAVOR);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not valid YAML (" + e.getMessage() + "); export the model"
                    + " again", e);
        }
        if (!flavor.isObject()) {
            throw new InvalidInputException(file + " has no '" + FLAVOR + "' flavor: it is an MLflow model, but not"
                    + " one this pipeline trained; pass a model written by ./selfreg export-model");
        }
        return flavor;
    }

    private static long sizeOf(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
