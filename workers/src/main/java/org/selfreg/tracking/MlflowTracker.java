package org.selfreg.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service.CreateExperiment;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.ExperimentTag;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.Page;

/**
 * The tracking calls of the pipeline: a parent run per sweep, a child run per trial, params, per-epoch metrics.
 *
 * <p>Opening a run is idempotent on a stable key (the sweep's workflow id, the trial key), so a retried Conductor task
 * continues the run it started instead of creating a second one. Artifacts do not go through this class: the MLflow Java
 * client would fork Python for them; {@link RunArtifacts} writes them to S3 under the run's artifact URI instead.
 */
public final class MlflowTracker implements AutoCloseable {

    /** Tag holding the sweep's Conductor workflow id on a parent run. */
    public static final String SWEEP_ID_TAG = "selfreg.sweep_id";
    /** Tag holding a batch prediction's Conductor workflow id on its run. */
    public static final String PREDICTION_ID_TAG = "selfreg.prediction_id";
    /** Tag holding the trial key on a child run. */
    public static final String TRIAL_KEY_TAG = "trial_key";
    /** MLflow's own tag that nests a run under its parent in the UI. */
    public static final String PARENT_RUN_TAG = "mlflow.parentRunId";
    /** MLflow's own tag for who ran a run: lets a team compare results across people. */
    public static final String USER_TAG = "mlflow.user";
    /**
     * MLflow 3's tag for what an experiment is about, which its UI writes when a person picks the kind by hand (read
     * from the UI bundle, mlflow/server/js). Releases before the UI's global GenAI / Model training switch open an
     * experiment by it: on the GenAI views (traces, prompts) without it, on runs, metrics and charts with
     * {@link #MODEL_TRAINING}. With the switch (3.17) the link decides instead: {@link RunRef#uiUrl} asks for runs.
     */
    public static final String EXPERIMENT_KIND_TAG = "mlflow.experimentKind";
    /** The kind the UI calls "Machine learning". */
    public static final String MODEL_TRAINING = "custom_model_development";

    // MLflow's logBatch limits: 1000 metrics, 100 params, 100 tags per request.
    private static final int MAX_METRICS = 1000;
    private static final int MAX_PARAMS = 100;
    private static final int MAX_TAGS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long a task waits out an unreachable MLflow server before it fails (and Conductor retries it). */
    public static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(5);

    private final URI trackingUri;
    private final MlflowClient client;
    private final OutageTolerantCalls calls;

    public MlflowTracker(URI trackingUri) {
        this(trackingUri, DEFAULT_PATIENCE);
    }

    public MlflowTracker(URI trackingUri, Duration patience) {
        this.trackingUri = trackingUri;
        this.client = new MlflowClient(trackingUri.toString());
        this.calls = new OutageTolerantCalls(patience);
    }

    public URI trackingUri() {
        return trackingUri;
    }

    /**
     * The id of the experiment with this name, created when missing, marked as model training for MLflow 3's UI. An
     * experiment made without the mark gets it, as does one the UI guessed a kind for ({@code ..._inferred},
     * {@code no_inferred_type}); a kind a person picked in the UI stays.
     */
    public String experimentId(String name) {
        Optional<Experiment> existing = existingExperiment(name);
        if (existing.isEmpty()) {
            ExperimentTag kind = ExperimentTag.newBuilder()
                    .setKey(EXPERIMENT_KIND_TAG).setValue(MODEL_TRAINING).build();
            return calls.read("create experiment " + name, () -> client.createExperiment(
                    CreateExperiment.newBuilder().setName(name).addTags(kind).build()));
        }
        String id = existing.get().getExperimentId();
        String kind = existing.get().getTagsList().stream().filter(t -> t.getKey().equals(EXPERIMENT_KIND_TAG))
                .map(ExperimentTag::getValue).findFirst().orElse("");
        if (kind.isEmpty() || kind.endsWith("_inferred") || kind.equals("no_inferred_type")) {
            calls.write("tag experiment " + name,
                    () -> client.setExperimentTag(id, EXPERIMENT_KIND_TAG, MODEL_TRAINING));
        }
        return id;
    }

    /** The id of the experiment with this name, if there is one. */
    public Optional<String> existingExperimentId(String name) {
        return existingExperiment(name).map(Experiment::getExperimentId);
    }

    private Optional<Experiment> existingExperiment(String name) {
        // A search, not getExperimentByName: the client retries that one's 404 as if it were rate limiting.
        return calls.read("find experiment " + name, () -> client.searchExperiments(
                "name = '" + name.replace("'", "") + "'").getItems().stream().findFirst());
    }

    /** Opens (or finds again) the parent run of the sweep identified by {@code sweepId}. */
    public RunRef openParentRun(String experimentId, String sweepId, String runName, Map<String, String> tags,
                                Map<String, String> params) {
        Map<String, String> allTags = new LinkedHashMap<>(tags);
        allTags.put(SWEEP_ID_TAG, sweepId);
        return open(experimentId, SWEEP_ID_TAG, sweepId, null, runName, allTags, params);
    }

    /** Opens (or finds again) the run of the batch prediction identified by {@code predictionId}. */
    public RunRef openPredictionRun(String experimentId, String predictionId, String runName, Map<String, String> tags,
                                    Map<String, String> params) {
        Map<String, String> allTags = new LinkedHashMap<>(tags);
        allTags.put(PREDICTION_ID_TAG, predictionId);
        return open(experimentId, PREDICTION_ID_TAG, predictionId, null, runName, allTags, params);
    }

    /** Opens (or finds again) the child run of one trial under its sweep's parent run. */
    public RunRef openChildRun(String experimentId, String parentRunId, String trialKey, String runName,
                               Map<String, String> tags, Map<String, String> params) {
        Map<String, String> allTags = new LinkedHashMap<>(tags);
        allTags.put(TRIAL_KEY_TAG, trialKey);
        allTags.put(PARENT_RUN_TAG, parentRunId);
        return open(experimentId, TRIAL_KEY_TAG, trialKey, parentRunId, runName, allTags, params);
    }

    private RunRef open(String experimentId, String keyTag, String keyValue, String parentRunId, String runName,
                        Map<String, String> tags, Map<String, String> params) {
        tags.putIfAbsent(USER_TAG, System.getProperty("user.name", "unknown"));
        RunInfo info = findRun(experimentId, keyTag, keyValue, parentRunId).orElseGet(() -> calls.read(
                "create run " + runName, () -> client.createRun(CreateRun.newBuilder().setExperimentId(experimentId)
                        .setRunName(runName).setStartTime(System.currentTimeMillis()).build())));
        logBatch(info.getRunId(), List.of(), params, tags);
        return new RunRef(info.getRunId(), experimentId, URI.create(info.getArtifactUri()));
    }

    private Optional<RunInfo> findRun(String experimentId, String keyTag, String keyValue, String parentRunId) {
        String filter = "tags.`" + keyTag + "` = '" + keyValue.replace("'", "") + "'";
        return calls.read("search runs", () -> client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY))
                .stream()
                .filter(run -> parentRunId == null || parentRunId.equals(tagOf(run.getRunId(), PARENT_RUN_TAG)))
                .findFirst();
    }

    private String tagOf(String runId, String key) {
        return run(runId).getData().getTagsList().stream()
                .filter(t -> t.getKey().equals(key)).map(RunTag::getValue).findFirst().orElse(null);
    }

    /** The most recent FINISHED run of a trial in this experiment, under any sweep: its result can be reused. */
    public Optional<RunInfo> finishedTrialRun(String experimentId, String trialKey) {
        String filter = "tags.`" + TRIAL_KEY_TAG + "` = '" + trialKey.replace("'", "") + "' and attributes.status = 'FINISHED'";
        return calls.read("search runs", () -> client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY))
                .stream().max(Comparator.comparingLong(RunInfo::getEndTime));
    }

    /** Runs of a trial in this experiment that did not finish (interrupted, or still running), newest first. */
    public List<RunInfo> unfinishedTrialRuns(String experimentId, String trialKey) {
        String filter = "tags.`" + TRIAL_KEY_TAG + "` = '" + trialKey.replace("'", "") + "' and attributes.status != 'FINISHED'";
        return calls.read("search runs", () -> client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY))
                .stream().sorted(Comparator.comparingLong(RunInfo::getStartTime).reversed()).toList();
    }

    /** The latest value of every metric of a run. */
    public Map<String, Double> latestMetrics(String runId) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        run(runId).getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
        return metrics;
    }

    /** Every FINISHED trial run (a run with a trial key) of an experiment, with its params, tags and metrics. */
    public List<Run> finishedTrialRuns(String experimentId) {
        return trialRuns(experimentId, "attributes.status = 'FINISHED'");
    }

    /**
     * Every trial run of an experiment that a sweep's scheduler stopped early (KILLED, with the tag {@code status}
     * under {@code statusTag}), with its params, tags and metrics.
     */
    public List<Run> stoppedTrialRuns(String experimentId, String statusTag, String status) {
        return trialRuns(experimentId, "attributes.status = 'KILLED' and tags.`" + statusTag + "` = '" + status + "'");
    }

    private List<Run> trialRuns(String experimentId, String filter) {
        List<Run> runs = new ArrayList<>();
        Page<Run> page = calls.read("search runs", () -> client.searchRuns(List.of(experimentId), filter,
                ViewType.ACTIVE_ONLY, 500));
        while (true) {
            for (Run run : page.getItems()) {
                if (run.getData().getTagsList().stream().anyMatch(t -> t.getKey().equals(TRIAL_KEY_TAG))) {
                    runs.add(run);
                }
            }
            if (!page.hasNextPage()) {
                return runs;
            }
            Page<Run> current = page;
            page = calls.read("search runs", current::getNextPage);
        }
    }

    /**
     * Records the dataset a run used through MLflow's dataset tracking ({@code runs/log-inputs}), so the UI shows it
     * on the run. MLflow keeps at most 36 characters of a digest: the full one stays in the run's params.
     */
    public void logDatasetInput(String runId, String datasetDigest, String datasetUri, String context) {
        Map<String, Object> dataset = Map.of(
                "name", "selfreg-" + datasetDigest.substring(0, Math.min(12, datasetDigest.length())),
                "digest", datasetDigest.substring(0, Math.min(32, datasetDigest.length())),
                "source_type", "s3",
                "source", toJson(Map.of("uri", datasetUri)));
        Map<String, Object> body = Map.of("run_id", runId, "datasets", List.of(Map.of(
                "tags", List.of(Map.of("key", "mlflow.data.context", "value", context)),
                "dataset", dataset)));
        String json = toJson(body);
        calls.write("log dataset input", () -> client.sendPost("runs/log-inputs", json));
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an MLflow request", e);
        }
    }

    /** Logs metrics at one step (an epoch), in as few requests as MLflow's limits allow. */
    public void logMetrics(String runId, Map<String, Double> metrics, long step) {
        long now = System.currentTimeMillis();
        List<Metric> list = new ArrayList<>();
        metrics.forEach((key, value) -> list.add(Metric.newBuilder().setKey(key).setValue(value)
                .setTimestamp(now).setStep(step).build()));
        logBatch(runId, list, Map.of(), Map.of());
    }

    /** Sets tags on a run. */
    public void setTags(String runId, Map<String, String> tags) {
        logBatch(runId, List.of(), Map.of(), tags);
    }

    /** Ends a run with the given status. */
    public void finish(String runId, RunStatus status) {
        long end = System.currentTimeMillis();
        calls.write("end run " + runId, () -> client.setTerminated(runId, status, end));
    }

    /** The run as the server holds it now (after every buffered write has reached it). */
    public Run run(String runId) {
        calls.drain();
        return calls.read("get run " + runId, () -> client.getRun(runId));
    }

    /** Every logged value of one metric of a run, in step order. */
    public List<Metric> metricHistory(String runId, String key) {
        calls.drain();
        return calls.read("metric history", () -> client.getMetricHistory(runId, key)).stream()
                .sorted(Comparator.comparingLong(Metric::getStep)).toList();
    }

    /** Child runs of a parent run. */
    public List<RunInfo> childRuns(String experimentId, String parentRunId) {
        return calls.read("search runs", () -> client.searchRuns(List.of(experimentId),
                "tags.`" + PARENT_RUN_TAG + "` = '" + parentRunId + "'", ViewType.ALL));
    }

    private void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
        List<Param> paramList = params.entrySet().stream()
                .map(e -> Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
        List<RunTag> tagList = tags.entrySet().stream()
                .map(e -> RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
        for (List<Metric> chunk : chunks(metrics, MAX_METRICS)) {
            calls.write("log metrics", () -> client.logBatch(runId, chunk, List.of(), List.of()));
        }
        for (List<Param> chunk : chunks(paramList, MAX_PARAMS)) {
            calls.write("log params", () -> client.logBatch(runId, List.of(), chunk, List.of()));
        }
        for (List<RunTag> chunk : chunks(tagList, MAX_TAGS)) {
            calls.write("set tags", () -> client.logBatch(runId, List.of(), List.of(), chunk));
        }
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }

    /** The model registry of the same server, sharing this tracker's connection and its patience with outages. */
    public ModelRegistry registry() {
        return new ModelRegistry(client, calls);
    }

    /** Sends every buffered write (waiting out an outage for up to the patience), then closes the client. */
    @Override
    public void close() {
        try {
            calls.drain();
        } finally {
            client.close();
        }
    }
}
