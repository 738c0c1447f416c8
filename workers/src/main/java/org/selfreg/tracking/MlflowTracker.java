package org.selfreg.tracking;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;

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
    /** Tag holding the trial key on a child run. */
    public static final String TRIAL_KEY_TAG = "trial_key";
    /** MLflow's own tag that nests a run under its parent in the UI. */
    public static final String PARENT_RUN_TAG = "mlflow.parentRunId";
    /** MLflow's own tag for who ran a run: lets a team compare results across people. */
    public static final String USER_TAG = "mlflow.user";

    // MLflow's logBatch limits: 1000 metrics, 100 params, 100 tags per request.
    private static final int MAX_METRICS = 1000;
    private static final int MAX_PARAMS = 100;
    private static final int MAX_TAGS = 100;

    private final URI trackingUri;
    private final MlflowClient client;

    public MlflowTracker(URI trackingUri) {
        this.trackingUri = trackingUri;
        this.client = new MlflowClient(trackingUri.toString());
    }

    public URI trackingUri() {
        return trackingUri;
    }

    /** The id of the experiment with this name, created when missing. */
    public String experimentId(String name) {
        return existingExperimentId(name).orElseGet(() -> client.createExperiment(name));
    }

    /** The id of the experiment with this name, if there is one. */
    public Optional<String> existingExperimentId(String name) {
        // A search, not getExperimentByName: the client retries that one's 404 as if it were rate limiting.
        return client.searchExperiments("name = '" + name.replace("'", "") + "'").getItems().stream()
                .map(e -> e.getExperimentId()).findFirst();
    }

    /** Opens (or finds again) the parent run of the sweep identified by {@code sweepId}. */
    public RunRef openParentRun(String experimentId, String sweepId, String runName, Map<String, String> tags,
                                Map<String, String> params) {
        Map<String, String> allTags = new java.util.LinkedHashMap<>(tags);
        allTags.put(SWEEP_ID_TAG, sweepId);
        return open(experimentId, SWEEP_ID_TAG, sweepId, null, runName, allTags, params);
    }

    /** Opens (or finds again) the child run of one trial under its sweep's parent run. */
    public RunRef openChildRun(String experimentId, String parentRunId, String trialKey, String runName,
                               Map<String, String> tags, Map<String, String> params) {
        Map<String, String> allTags = new java.util.LinkedHashMap<>(tags);
        allTags.put(TRIAL_KEY_TAG, trialKey);
        allTags.put(PARENT_RUN_TAG, parentRunId);
        return open(experimentId, TRIAL_KEY_TAG, trialKey, parentRunId, runName, allTags, params);
    }

    private RunRef open(String experimentId, String keyTag, String keyValue, String parentRunId, String runName,
                        Map<String, String> tags, Map<String, String> params) {
        tags.putIfAbsent(USER_TAG, System.getProperty("user.name", "unknown"));
        RunInfo info = findRun(experimentId, keyTag, keyValue, parentRunId).orElseGet(() -> client.createRun(
                CreateRun.newBuilder().setExperimentId(experimentId).setRunName(runName)
                        .setStartTime(System.currentTimeMillis()).build()));
        logBatch(info.getRunId(), List.of(), params, tags);
        return new RunRef(info.getRunId(), experimentId, URI.create(info.getArtifactUri()));
    }

    private Optional<RunInfo> findRun(String experimentId, String keyTag, String keyValue, String parentRunId) {
        String filter = "tags.`" + keyTag + "` = '" + keyValue.replace("'", "") + "'";
        return client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY).stream()
                .filter(run -> parentRunId == null || parentRunId.equals(tagOf(run.getRunId(), PARENT_RUN_TAG)))
                .findFirst();
    }

    private String tagOf(String runId, String key) {
        return client.getRun(runId).getData().getTagsList().stream()
                .filter(t -> t.getKey().equals(key)).map(RunTag::getValue).findFirst().orElse(null);
    }

    /** The most recent FINISHED run of a trial in this experiment, under any sweep: its result can be reused. */
    public Optional<RunInfo> finishedTrialRun(String experimentId, String trialKey) {
        String filter = "tags.`" + TRIAL_KEY_TAG + "` = '" + trialKey.replace("'", "") + "' and attributes.status = 'FINISHED'";
        return client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY).stream()
                .max(java.util.Comparator.comparingLong(RunInfo::getEndTime));
    }

    /** The latest value of every metric of a run. */
    public Map<String, Double> latestMetrics(String runId) {
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        client.getRun(runId).getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
        return metrics;
    }

    /** Every FINISHED trial run (a run with a trial key) of an experiment, with its params, tags and metrics. */
    public List<org.mlflow.api.proto.Service.Run> finishedTrialRuns(String experimentId) {
        List<org.mlflow.api.proto.Service.Run> runs = new ArrayList<>();
        org.mlflow.tracking.Page<org.mlflow.api.proto.Service.Run> page = client.searchRuns(List.of(experimentId),
                "attributes.status = 'FINISHED'", ViewType.ACTIVE_ONLY, 500);
        while (true) {
            for (org.mlflow.api.proto.Service.Run run : page.getItems()) {
                if (run.getData().getTagsList().stream().anyMatch(t -> t.getKey().equals(TRIAL_KEY_TAG))) {
                    runs.add(run);
                }
            }
            if (!page.hasNextPage()) {
                return runs;
            }
            page = page.getNextPage();
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
        client.setTerminated(runId, status, System.currentTimeMillis());
    }

    /** The run as the server holds it now. */
    public org.mlflow.api.proto.Service.Run run(String runId) {
        return client.getRun(runId);
    }

    /** Child runs of a parent run. */
    public List<RunInfo> childRuns(String experimentId, String parentRunId) {
        return client.searchRuns(List.of(experimentId),
                "tags.`" + PARENT_RUN_TAG + "` = '" + parentRunId + "'", ViewType.ALL);
    }

    private void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
        List<Param> paramList = params.entrySet().stream()
                .map(e -> Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
        List<RunTag> tagList = tags.entrySet().stream()
                .map(e -> RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
        for (List<Metric> chunk : chunks(metrics, MAX_METRICS)) {
            client.logBatch(runId, chunk, List.of(), List.of());
        }
        for (List<Param> chunk : chunks(paramList, MAX_PARAMS)) {
            client.logBatch(runId, List.of(), chunk, List.of());
        }
        for (List<RunTag> chunk : chunks(tagList, MAX_TAGS)) {
            client.logBatch(runId, List.of(), List.of(), chunk);
        }
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }

    @Override
    public void close() {
        client.close();
    }
}
