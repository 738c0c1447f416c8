package org.selfreg.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/**
 * MLflow's model registry as the pipeline uses it: a sweep registers its best trial's {@code model/} artifact as a
 * version of a registered model, a person points an alias at a version, {@code predict} finds a version by number or
 * alias. Plain JSON over the REST API, since the Java client's helpers know neither aliases nor registration; the calls
 * wait out an unreachable server as the tracker's do.
 */
public final class ModelRegistry {

    /** Tag on a version: the parent run of the sweep that registered it. */
    public static final String SWEEP_RUN_TAG = "selfreg.sweep_run_id";

    // Run ids per search: an IN list of this many keeps the request URL short.
    private static final int RUN_IDS_PER_SEARCH = 50;
    private static final int PAGE_SIZE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One version of a registered model.
     *
     * @param name    the registered model
     * @param version its number, as MLflow spells it
     * @param runId   the run whose artifact it is
     * @param source  where its files are (the run's {@code model/} artifact)
     * @param tags    its tags (the trial key, the sweep's parent run)
     * @param aliases the aliases pointing at it
     */
    public record Version(String name, String version, String runId, URI source, Map<String, String> tags,
                          List<String> aliases) {

        /** {@code models:/NAME/VERSION}. */
        public String uri() {
            return "models:/" + name + "/" + version;
        }
    }

    private final MlflowClient client;
    private final OutageTolerantCalls calls;

    ModelRegistry(MlflowClient client, OutageTolerantCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    /**
     * The version of {@code name} whose source is {@code source} from run {@code runId}: the one registered before, or
     * a new one with {@code tags}. The registered model is created when missing. Looking first makes a retried
     * summary, or a second sweep that picks the same trial, find the version instead of adding a duplicate.
     */
    public Version register(String name, String runId, URI source, Map<String, String> tags) {
        // One read for the whole find-or-create: a retry after an outage looks again before it creates.
        return calls.read("register " + name, () -> {
            Optional<Version> existing = search("name = '" + quoted(name) + "' and run_id = '" + quoted(runId) + "'")
                    .stream().filter(v -> v.source().equals(source)).findFirst();
            if (existing.isPresent()) {
                return existing.get();
            }
            if (!exists(name)) {
                client.sendPost("registered-models/create", toJson(Map.of("name", name)));
            }
            List<Map<String, String>> tagList = tags.entrySet().stream()
                    .map(e -> Map.of("key", e.getKey(), "value", e.getValue())).toList();
            return version(parse(client.sendPost("model-versions/create", toJson(Map.of("name", name,
                    "source", source.toString(), "run_id", runId, "tags", tagList)))).path("model_version"));
        });
    }

    /**
     * Whether a registered model of this name exists. A search, not a get: MLflow's Java client retries a 404 and logs
     * it as a rate limit, so a get would print a misleading warning on every sweep's first registration.
     */
    public boolean exists(String name) {
        String filter = encoded("name = '" + quoted(name) + "'");
        JsonNode page = parse(calls.read("find registered model " + name,
                () -> client.sendGet("registered-models/search?filter=" + filter)));
        return !page.path("registered_models").isEmpty();
    }

    /** Version {@code version} of {@code name}, if both exist. */
    public Optional<Version> version(String name, String version) {
        return found(() -> client.sendGet("model-versions/get?name=" + encoded(name) + "&version=" + encoded(version)))
                .map(json -> version(json.path("model_version")));
    }

    /** The version of {@code name} that {@code alias} points at, if the model and the alias exist. */
    public Optional<Version> versionByAlias(String name, String alias) {
        return found(() -> client.sendGet("registered-models/alias?name=" + encoded(name) + "&alias="
                + encoded(alias))).map(json -> version(json.path("model_version")));
    }

    /** Points {@code alias} of {@code name} at {@code version}, moving it from the version it pointed at before. */
    public void setAlias(String name, String alias, String version) {
        String body = toJson(Map.of("name", name, "alias", alias, "version", version));
        calls.read("set alias " + alias + " of " + name, () -> client.sendPost("registered-models/alias", body));
    }

    /** Every version, of any registered model, whose run is one of {@code runIds}. */
    public List<Version> versionsOfRuns(Collection<String> runIds) {
        List<String> ids = List.copyOf(runIds);
        List<Version> versions = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += RUN_IDS_PER_SEARCH) {
            String in = ids.subList(i, Math.min(ids.size(), i + RUN_IDS_PER_SEARCH)).stream()
                    .map(id -> "'" + quoted(id) + "'").collect(Collectors.joining(","));
            versions.addAll(calls.read("search model versions", () -> search("run_id IN (" + in + ")")));
        }
        return versions;
    }

    private List<Version> search(String filter) {
        List<Version> versions = new ArrayList<>();
        String pageToken = "";
        do {
            JsonNode page = parse(client.sendGet("model-versions/search?filter=" + encoded(filter) + "&max_results="
                    + PAGE_SIZE + (pageToken.isEmpty() ? "" : "&page_token=" + encoded(pageToken))));
            page.path("model_versions").forEach(v -> versions.add(version(v)));
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return versions;
    }

    /**
     * The answer of a read, or empty when MLflow says what it names does not exist: 404, or 400 for an unknown alias,
     * which MLflow 3 reports as an invalid parameter.
     */
    private Optional<JsonNode> found(Supplier<String> get) {
        try {
            return Optional.of(parse(calls.read("read the model registry", get)));
        } catch (MlflowHttpException e) {
            boolean unknownAlias = e.getStatusCode() == 400 && String.valueOf(e.getBodyMessage()).contains("not found");
            if (e.getStatusCode() == 404 || unknownAlias) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Version version(JsonNode json) {
        Map<String, String> tags = new LinkedHashMap<>();
        json.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        List<String> aliases = new ArrayList<>();
        json.path("aliases").forEach(a -> aliases.add(a.asText()));
        return new Version(json.path("name").asText(), json.path("version").asText(), json.path("run_id").asText(),
                URI.create(json.path("source").asText()), tags, List.copyOf(aliases));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("MLflow answered a registry call with something other than JSON", e);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an MLflow registry request", e);
        }
    }

    /** A value inside single quotes of an MLflow search filter. */
    private static String quoted(String value) {
        return value.replace("'", "");
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
