package org.selfreg.infra.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InputDigest;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.model.TrainConfig;
import org.selfreg.storage.DatasetIndex;
import org.selfreg.storage.DatasetSummary;
import org.selfreg.storage.ObjectReader;
import org.selfreg.workers.DatasetRequest;
import org.selfreg.workers.TaskInput;
import org.selfreg.workers.TrialPlan;
import org.selfreg.workers.TrialSpec;
import org.selfreg.workers.scheduling.SchedulerSpec;

/**
 * What a sweep would do, worked out without starting anything: every trial with every value explicit (the sampled
 * points of a search included), its trial key, whether a FINISHED run of that key would be reused, and the training it
 * asks for.
 *
 * <p>A trial key depends on the prepared dataset's digest, so keys are known only for a dataset input that was
 * prepared before (found in the dataset index of the bucket); an input never prepared means every trial runs.
 */
public final class SweepPreview {

    /** Which trial keys already have a FINISHED run in the sweep's experiment. */
    @FunctionalInterface
    public interface FinishedTrials {
        boolean contains(String trialKey);
    }

    /**
     * One trial.
     *
     * @param key    its trial key, or null when the dataset has not been prepared yet
     * @param reused whether a FINISHED run of the key exists, so the sweep would report it without running it
     * @param work   the training it asks for, in words
     */
    public record Row(String label, String key, boolean reused, String work, Map<String, Object> config) {
    }

    private final SweepRequest request;
    private final String dataset;
    private final String search;
    private final String scheduler;
    private final List<Row> rows;

    private SweepPreview(SweepRequest request, String dataset, String search, String scheduler, List<Row> rows) {
        this.request = request;
        this.dataset = dataset;
        this.search = search;
        this.scheduler = scheduler;
        this.rows = rows;
    }

    /**
     * Works out what {@code request} would do.
     *
     * @param bucket      the pipeline's bucket, read-only, if it can be read without starting a server
     * @param finished    the experiment's finished trial keys, if they can be read without starting a server
     * @param codeVersion the code version trial keys are taken with ({@code CodeVersion.current()})
     */
    public static SweepPreview of(SweepRequest request, Optional<ObjectReader> bucket,
                                  Optional<FinishedTrials> finished, String codeVersion) {
        TaskInput none = TaskInput.of("dry run", Map.of());
        DatasetRequest datasetRequest = DatasetRequest.of(none.derived("dataset", request.dataset()));
        TrialPlan plan = TrialPlan.of(none.derived("grid", request.grid()), none.derived("search", request.search()),
                none.derived("trial", request.trial()), none.derived("evaluation", request.evaluation()));
        Optional<String> inputDigest = inputDigest(datasetRequest);
        Optional<DatasetSummary> prepared = bucket.flatMap(b -> inputDigest.flatMap(d -> DatasetIndex.find(b, d)));
        String datasetLine = describe(datasetRequest, inputDigest, prepared, bucket.isPresent());
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("selfreg-dry-run-");
            Path pretrainedDir = scratch;
            List<Row> rows = new ArrayList<>();
            for (TrialPlan.Trial trial : plan.trials()) {
                String key = prepared.map(p -> plan.key(trial, p.digest(), codeVersion,
                        ref -> localCopy(ref, bucket, pretrainedDir))).orElse(null);
                boolean reused = key != null && finished.map(f -> f.contains(key)).orElse(false);
                rows.add(new Row(trial.label(), key, reused, work(trial.train(), prepared), explicit(trial, plan)));
            }
            return new SweepPreview(request, datasetLine, plan.search().describe(),
                    describe(SchedulerSpec.of(none.derived("scheduler", request.scheduler())), plan),
                    List.copyOf(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for the dry run", e);
        } finally {
            if (scratch != null) {
                FileTrees.deleteRecursively(scratch);
            }
        }
    }

    /** The scheduler in words, at the epochs of the sweep's (longest) trials. */
    private static String describe(SchedulerSpec scheduler, TrialPlan plan) {
        int epochs = plan.trials().stream().mapToInt(t -> t.train().epochs()).max().orElse(0);
        return scheduler.describe(epochs);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Prints the preview: the dataset, then a row per trial, then every value of every trial. */
    public void print(PrintStream out, String reuseSource) {
        out.println("Dry run of sweep " + request.sweepName() + " (experiment " + request.experiment()
                + "): nothing was started.");
        out.println("Dataset: " + dataset);
        out.println("Search: " + search);
        out.println("Scheduler: " + scheduler);
        long reused = rows.stream().filter(Row::reused).count();
        out.println("Reuse: " + reused + " of " + rows.size() + " trials have a FINISHED run (" + reuseSource + ")");
        out.println("Registry: the best trial by validation Dice becomes a version of registered model '"
                + request.registeredModel() + "'");
        out.println();
        int width = Math.max("trial".length(), rows.stream().mapToInt(r -> r.label().length()).max().orElse(0));
        String format = "  %-" + width + "s  %-16s  %-9s  %s%n";
        out.printf(format, "trial", "key", "would be", "work");
        for (Row row : rows) {
            out.printf(format, row.label(), row.key() == null ? "(after prep)" : row.key(),
                    row.reused() ? "REUSED" : "RUN", row.reused() ? "none" : row.work());
        }
        out.println();
        out.println("Every value of each trial:");
        for (Row row : rows) {
            out.println("  " + row.label() + ": " + row.config().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        }
    }

    /** The input digest of a dataset input, when it can be taken here (not for raw data in S3). */
    private static Optional<String> inputDigest(DatasetRequest dataset) {
        if (dataset.isSynthetic()) {
            return Optional.of(InputDigest.ofSynthetic(dataset.syntheticSpec(), dataset.config(InputLayout.BTCV)));
        }
        if (dataset.path().startsWith("s3://")) {
            return Optional.empty();
        }
        Path dir = Path.of(dataset.path());
        InputLayout layout = dataset.layout().orElseGet(() -> InputLayout.detect(dir));
        return Optional.of(dataset.inputDigest(dir, layout));
    }

    private static String describe(DatasetRequest dataset, Optional<String> inputDigest,
                                   Optional<DatasetSummary> prepared, boolean bucketReadable) {
        String source = dataset.isSynthetic() ? "synthetic" : dataset.path();
        Optional<String> shortDigest = inputDigest.map(SweepPreview::abbreviated);
        if (inputDigest.isEmpty()) {
            return source + ": raw data in S3 is hashed when a worker downloads it; trial keys are known after that";
        }
        if (prepared.isPresent()) {
            DatasetSummary p = prepared.get();
            return source + ", input " + shortDigest.get() + ": prepared before as dataset " + abbreviated(p.digest())
                    + " ("
                    + p.trainSlices() + " training slices, " + p.valCases().size() + " validation and "
                    + p.testCases().size() + " test volumes)";
        }
        return source + ", input " + shortDigest.get() + ": " + (bucketReadable ? "not prepared yet"
                : "no bucket to look in") + "; it is prepared first, and trial keys depend on the prepared dataset";
    }

    private static String abbreviated(String digest) {
        return digest.length() > 16 ? digest.substring(0, 16) : digest;
    }

    private static String work(TrainConfig c, Optional<DatasetSummary> prepared) {
        String network = c.backbone() + " width " + c.baseWidth() + ", " + c.imageSize() + "x" + c.imageSize();
        String epochs = c.epochs() + (c.epochs() == 1 ? " epoch" : " epochs");
        return prepared.map(p -> {
            long iterations = (p.trainSlices() + c.batchSize() - 1) / c.batchSize();
            return epochs + " x " + iterations + " iterations of batch " + c.batchSize() + " (" + network + ")";
        }).orElse(epochs + " of batch " + c.batchSize() + " (" + network + ")");
    }

    private static Map<String, Object> explicit(TrialPlan.Trial trial, TrialPlan plan) {
        Map<String, Object> values = new TreeMap<>(trial.config());
        values.computeIfPresent(TrialSpec.PRETRAINED, (k, v) -> String.valueOf(v).isBlank() ? "none" : v);
        plan.evaluationRequest().explicit().forEach((k, v) -> values.put("evaluation." + k, v));
        return values;
    }

    /** A local copy of pretrained weights, to hash them as the trial key does. */
    private static Path localCopy(String reference, Optional<ObjectReader> bucket, Path dir) {
        if (!TrainConfig.isObjectStoreUri(reference)) {
            return Path.of(reference);
        }
        URI uri = URI.create(reference);
        ObjectReader objects = bucket.orElseThrow(() -> new IllegalStateException("no bucket to read " + reference));
        String key = uri.getPath().replaceFirst("^/", "");
        return objects.getFile(key, dir.resolve(Integer.toHexString(reference.hashCode()) + ".npz"));
    }
}
