package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.ImagePrepConfig;
import org.selfreg.dataprep.InputDigest;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.ProgressListener;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;
import org.selfreg.storage.DatasetIndex;
import org.selfreg.storage.DatasetPublisher;
import org.selfreg.storage.DatasetSummary;
import org.selfreg.storage.ObjectStore;
import org.selfreg.storage.Transfers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code selfreg_prepare_data}: turns CT or MR volumes (ACDC included), or 2-D images (GlaS, MoNuSeg), into training
 * slices and test volumes in S3, once per input.
 *
 * <p>Input {@code dataset}: see {@link DatasetRequest}; an {@code s3://} path is downloaded to scratch first.
 *
 * <p>An input digest (input files + config) is looked up in {@link DatasetIndex} first: an input prepared before is
 * answered from S3 without preprocessing it again.
 */
public final class PrepareDataWorker extends PipelineWorker {

    public static final String TASK = "selfreg_prepare_data";

    private static final Logger LOG = LoggerFactory.getLogger(PrepareDataWorker.class);

    private final WorkerContext context;

    public PrepareDataWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        DatasetRequest dataset = DatasetRequest.of(input.object("dataset"));
        Path scratch = context.scratch(TASK + "-" + task.getTaskId());
        try (ObjectStore store = ObjectStore.open(context.s3())) {
            Path rawDir;
            InputLayout layout;
            PreprocessConfig config;
            String inputDigest;
            if (dataset.isSynthetic()) {
                SyntheticSpec spec = dataset.syntheticSpec();
                layout = InputLayout.BTCV;
                config = dataset.config(layout);
                inputDigest = InputDigest.ofSynthetic(spec, config);
                Optional<DatasetSummary> known = DatasetIndex.find(store, inputDigest);
                if (known.isPresent()) {
                    return reuse(known.get(), inputDigest);
                }
                rawDir = scratch.resolve("raw");
                SyntheticCtGenerator.generate(rawDir, spec);
            } else {
                rawDir = localInput(dataset.path(), store, scratch);
                layout = dataset.layout().orElseGet(() -> InputLayout.detect(rawDir));
                if (layout.images()) {
                    return prepareImages(task, dataset, rawDir, layout, store, scratch);
                }
                config = dataset.config(layout);
                inputDigest = dataset.inputDigest(rawDir, layout);
                Optional<DatasetSummary> known = DatasetIndex.find(store, inputDigest);
                if (known.isPresent()) {
                    return reuse(known.get(), inputDigest);
                }
            }
            PreparedDataset prepared = new Preprocessor().prepare(rawDir, layout, scratch.resolve("prepared"), config,
                    progress(task));
            return publish(prepared, store, inputDigest);
        } finally {
            FileTrees.deleteRecursively(scratch);
        }
    }

    /** GlaS, MoNuSeg and other 2-D images: prepared by {@link Preprocessor#prepareImages}, once per input. */
    private Map<String, Object> prepareImages(Task task, DatasetRequest dataset, Path rawDir, InputLayout layout,
                                              ObjectStore store, Path scratch) {
        String inputDigest = dataset.inputDigest(rawDir, layout);
        Optional<DatasetSummary> known = DatasetIndex.find(store, inputDigest);
        if (known.isPresent()) {
            return reuse(known.get(), inputDigest);
        }
        return publish(new Preprocessor().prepareImages(rawDir, layout, scratch.resolve("prepared"),
                dataset.imageConfig(), progress(task)), store, inputDigest);
    }

    private ProgressListener progress(Task task) {
        return (c, done, total) -> context.taskLog().append(task.getTaskId(), "prepared " + c + " (" + done + "/"
                + total + ")");
    }

    private static Map<String, Object> publish(PreparedDataset prepared, ObjectStore store, String inputDigest) {
        URI uri = new DatasetPublisher().publish(prepared, store);
        DatasetSummary summary = DatasetSummary.of(prepared, uri);
        DatasetIndex.remember(store, inputDigest, summary);
        return output(summary, inputDigest, false);
    }

    private static Map<String, Object> reuse(DatasetSummary summary, String inputDigest) {
        LOG.info("Input {} was prepared before as dataset {}; skipping preprocessing", inputDigest, summary.digest());
        return output(summary, inputDigest, true);
    }

    private static Map<String, Object> output(DatasetSummary summary, String inputDigest, boolean reused) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("datasetUri", summary.uri().toString());
        output.put("datasetDigest", summary.digest());
        output.put("inputDigest", inputDigest);
        output.put("reused", reused);
        output.put("trainSlices", summary.trainSlices());
        output.put("valCases", summary.valCases());
        output.put("testCases", summary.testCases());
        output.put("classes", summary.classes());
        return output;
    }

    /** A local folder as is, or an S3 prefix downloaded into scratch. */
    private static Path localInput(String path, ObjectStore store, Path scratch) {
        if (path.startsWith("s3://")) {
            String key = ObjectStore.keyOf(URI.create(path), store.settings());
            String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
            Path dir = scratch.resolve("input");
            Transfers.downloadPrefix(store, prefix, dir);
            return dir;
        }
        Path dir = Path.of(path);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("dataset.path " + dir + " is not a readable folder on this worker; "
                    + "give a local folder or an s3:// prefix");
        }
        return dir;
    }
}
