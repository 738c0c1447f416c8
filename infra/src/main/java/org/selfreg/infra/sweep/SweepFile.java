package org.selfreg.infra.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.workers.DatasetRequest;
import org.selfreg.workers.TaskInput;
import org.selfreg.workers.TrialPlan;
import org.selfreg.workers.UnknownKeyException;
import org.selfreg.workers.scheduling.SchedulerSpec;

/**
 * A sweep described in a YAML or JSON file, with command-line overrides ({@code --set trial.epochs=3}):
 * <pre>
 * experiment: selfreg-synapse
 * name: lambda-grid
 * registeredModel: synapse-unet      (optional; the experiment's name by default)
 * dataset: {source: synthetic, cases: 12, size: 64, seed: 1234}
 * grid: {lambda: [0, 0.01, 0.1], seed: [1, 2]}
 * search: {method: sobol, trials: 8, seed: 7, space: {baseLr: {log: [0.001, 0.1]}}}
 * scheduler: asha                    (or {type: asha, minEpochs: 1, reduction: 3}, median, none)
 * trial: {epochs: 2, baseWidth: 8, imageSize: 64, batchSize: 8, baseLr: 0.01}
 * </pre>
 */
public final class SweepFile {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final List<String> SECTIONS = List.of("experiment", "name", "registeredModel", "dataset", "grid",
            "search", "scheduler", "trial", "evaluation");
    private static final String REMEDY = "fix the sweep file or its --set overrides (see README.md, 'Sweeps')";

    private SweepFile() {
    }

    /**
     * Reads {@code file}, applies the {@code key.path=value} overrides in order and returns the sweep, every key and
     * value checked as the workers will read them: a typo or an impossible value fails here, before anything starts.
     */
    public static SweepRequest read(Path file, List<String> overrides) {
        Map<String, Object> root;
        try {
            root = YAML.readValue(Files.readString(file), LinkedHashMap.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not a readable YAML/JSON sweep file: " + e.getMessage()
                    + " (see README.md, 'Sweeps')");
        }
        if (root == null) {
            throw new InvalidInputException(file + " is empty: it needs at least 'dataset' and 'grid'");
        }
        for (String override : overrides) {
            apply(root, override, file);
        }
        try {
            TaskInput.section("top level of " + file, REMEDY, root).requireOnly(SECTIONS);
            if (!root.containsKey("grid") && !root.containsKey("search")) {
                throw new InvalidInputException(file + " needs a 'grid' or a 'search' section (or both): the trials"
                        + " to run (see README.md, 'Sweeps')");
            }
            String experiment = text(root, "experiment", "selfreg", file);
            SweepRequest request = new SweepRequest(experiment, text(root, "name", nameOf(file), file),
                    section(root, "dataset", file), optionalSection(root, "grid", file),
                    optionalSection(root, "trial", file), optionalSection(root, "evaluation", file),
                    optionalSection(root, "search", file),
                    registeredModel(text(root, "registeredModel", experiment, file), root, file),
                    scheduler(root, file));
            DatasetRequest.of(part("dataset", file, request.dataset()));
            SchedulerSpec.of(part("scheduler", file, request.scheduler()));
            TrialPlan.of(part("grid", file, request.grid()), part("search", file, request.search()),
                    part("trial", file, request.trial()), part("evaluation", file, request.evaluation()));
            return request;
        } catch (UnknownKeyException e) {
            throw new InvalidInputException(e.getMessage() + setBy(e.key(), overrides));
        }
    }

    private static TaskInput part(String section, Path file, Map<String, Object> values) {
        return TaskInput.section("section '" + section + "' of " + file, REMEDY, values);
    }

    /** Names the {@code --set} override an unknown key came from, if one did: the file itself is then not at fault. */
    private static String setBy(String key, List<String> overrides) {
        return overrides.stream()
                .filter(o -> o.indexOf('=') > 0 && List.of(o.substring(0, o.indexOf('=')).strip().split("\\."))
                        .contains(key))
                .findFirst().map(o -> " (the key comes from --set " + o + ")").orElse("");
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> root, String override, Path file) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new InvalidInputException("--set '" + override + "' must look like trial.epochs=3 or grid.lambda=[0,0.1]");
        }
        String[] path = override.substring(0, eq).strip().split("\\.");
        Object value;
        try {
            value = YAML.readValue(override.substring(eq + 1), Object.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("--set '" + override + "': the value is not YAML: " + e.getOriginalMessage());
        }
        Map<String, Object> node = root;
        for (int i = 0; i < path.length - 1; i++) {
            Object child = node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map<?, ?>)) {
                throw new InvalidInputException("--set '" + override + "': '" + path[i] + "' in " + file
                        + " is not a section");
            }
            node = (Map<String, Object>) child;
        }
        node.put(path[path.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> root, String key, Path file) {
        Object value = root.get(key);
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new InvalidInputException(file + ": '" + key + "' must be a non-empty section (see README.md, 'Sweeps')");
        }
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> optionalSection(Map<String, Object> root, String key, Path file) {
        return root.containsKey(key) ? section(root, key, file) : Map.of();
    }

    private static String text(Map<String, Object> root, String key, String fallback, Path file) {
        Object value = root.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidInputException(file + ": '" + key + "' must be a non-empty string");
        }
        return s;
    }

    /**
     * A registered model name that {@code models:/NAME/VERSION} and {@code models:/NAME@ALIAS} can spell: without
     * {@code /} or {@code @}. The experiment's name, the default, is held to the same rule.
     */
    private static String registeredModel(String name, Map<String, Object> root, Path file) {
        if (name.contains("/") || name.contains("@")) {
            String origin = root.containsKey("registeredModel") ? "'registeredModel'"
                    : "the experiment's name (the default of 'registeredModel')";
            throw new InvalidInputException(file + ": " + origin + " '" + name + "' names a registered model, which"
                    + " may not contain '/' or '@'; give a 'registeredModel' without them");
        }
        return name;
    }

    /** The scheduler section: a rule's name alone ({@code scheduler: asha}) stands for its defaults. */
    private static Map<String, Object> scheduler(Map<String, Object> root, Path file) {
        if (root.get("scheduler") instanceof String type) {
            return Map.of("type", type);
        }
        return optionalSection(root, "scheduler", file);
    }

    private static String nameOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
