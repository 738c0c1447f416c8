package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InputDigest;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.LabelMaps;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
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
 * {@code selfreg_prepare_data}: turns CT volumes into training slices and test volumes in S3, once per input.
 *
 * <p>Input {@code dataset}: {@code source} {@code synthetic} generates Synapse-like volumes from a seed (the demo);
 * {@code raw} reads {@code path}, a local folder or an {@code s3://bucket/prefix/} downloaded to scratch first, in
 * {@code layout} {@code btcv}, {@code transunet} or {@code nifti} (detected when absent; {@code nifti} needs a
 * {@code labelMap} object of raw id to class id). {@code referenceSplit} asks for TransUNet's published split; otherwise
 * {@code valCases}, {@code testCases} and {@code splitSeed} shape a seeded split. {@code huMin}/{@code huMax} override the
 * Synapse window.
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
        TaskInput dataset = input.object("dataset");
        Path scratch = context.scratch(TASK + "-" + task.getTaskId());
        try (ObjectStore store = ObjectStore.open(context.s3())) {
            DatasetIndex index = new DatasetIndex(store);
            String source = dataset.string("source");
            Path rawDir;
            InputLayout layout;
            PreprocessConfig config;
            String inputDigest;
            switch (source) {
                case "synthetic" -> {
                    SyntheticSpec spec = syntheticSpec(dataset);
                    layout = InputLayout.BTCV;
                    config = config(dataset, layout);
                    inputDigest = InputDigest.ofSynthetic(spec, config);
                    Optional<DatasetSummary> known = index.find(inputDigest);
                    if (known.isPresent()) {
                        return reuse(known.get(), inputDigest);
                    }
                    rawDir = scratch.resolve("raw");
                    SyntheticCtGenerator.generate(rawDir, spec);
                }
                case "raw" -> {
                    rawDir = localInput(dataset.string("path"), store, scratch);
                    layout = dataset.has("layout") ? InputLayout.named(dataset.string("layout"))
                            : InputLayout.detect(rawDir);
                    config = config(dataset, layout);
                    inputDigest = InputDigest.of(rawDir, layout, config);
                    Optional<DatasetSummary> known = index.find(inputDigest);
                    if (known.isPresent()) {
                        return reuse(known.get(), inputDigest);
                    }
                }
                default -> throw new InvalidInputException("dataset.source '" + source
                        + "' is not known: use 'synthetic' or 'raw'");
            }
            PreparedDataset prepared = new Preprocessor().prepare(rawDir, layout, scratch.resolve("prepared"), config,
                    (c, done, total) -> context.taskLog().append(task.getTaskId(), "prepared " + c + " (" + done + "/"
                            + total + ")"));
            URI uri = new DatasetPublisher().publish(prepared, store);
            DatasetSummary summary = DatasetSummary.of(prepared, uri);
            index.remember(inputDigest, summary);
            return output(summary, inputDigest, false);
        } finally {
            FileTrees.deleteRecursively(scratch);
        }
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

    /** The Synapse window and split settings, with the label map the layout's ids need. */
    /** The synthetic volumes that a {@code source: synthetic} dataset input asks for. */
    public static SyntheticSpec syntheticSpec(TaskInput dataset) {
        return new SyntheticSpec(dataset.integer("cases", 12), dataset.integer("size", 64),
                dataset.integer("minSlices", 24), dataset.integer("maxSlices", 40), dataset.longValue("seed", 1234));
    }

    /** The preprocessing a dataset input asks for: window, label map and split, with the Synapse defaults. */
    public static PreprocessConfig config(TaskInput dataset, InputLayout layout) {
        PreprocessConfig defaults = PreprocessConfig.synapseDefaults();
        double huMin = dataset.number("huMin", defaults.huMin());
        double huMax = dataset.number("huMax", defaults.huMax());
        Map<Integer, Integer> labelMap;
        if (dataset.has("labelMap")) {
            labelMap = LabelMaps.of(dataset.map("labelMap"), "dataset.labelMap");
        } else if (layout == InputLayout.NIFTI) {
            throw new InvalidInputException("dataset.labelMap is missing: the nifti layout needs a map of raw label id "
                    + "to class id, e.g. {\"1\": 1, \"2\": 2}");
        } else {
            labelMap = layout == InputLayout.TRANSUNET ? PreprocessConfig.SYNAPSE_IDENTITY : PreprocessConfig.BTCV_TO_SYNAPSE;
        }
        if (referenceSplit(dataset)) {
            return new PreprocessConfig(huMin, huMax, labelMap, 0, PreprocessConfig.synapseReference().testCases(), 0, true);
        }
        return new PreprocessConfig(huMin, huMax, labelMap, dataset.integer("valCases", defaults.valCases()),
                dataset.integer("testCases", defaults.testCases()), dataset.longValue("splitSeed", defaults.splitSeed()));
    }

    private static boolean referenceSplit(TaskInput dataset) {
        Object value = dataset.values().get("referenceSplit");
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw new InvalidInputException("'referenceSplit' in the input of " + TASK + ".dataset must be true or false, got "
                + value + ": fix the workflow input and start the workflow again");
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
