package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;
import org.selfreg.storage.DatasetPublisher;
import org.selfreg.storage.ObjectStore;

/**
 * {@code selfreg_prepare_data}: turns CT volumes into training slices and test volumes in S3, once per dataset digest.
 *
 * <p>Input {@code dataset.source}: {@code synthetic} generates Synapse-like volumes from a seed (the demo), {@code raw}
 * reads a BTCV/Synapse layout ({@code img/}, {@code label/}) from a local path.
 */
public final class PrepareDataWorker extends PipelineWorker {

    public static final String TASK = "selfreg_prepare_data";

    private final WorkerContext context;

    public PrepareDataWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        TaskInput dataset = input.object("dataset");
        Path scratch = context.scratch(TASK + "-" + task.getTaskId());
        PreprocessConfig defaults = PreprocessConfig.synapseDefaults();
        PreprocessConfig config = new PreprocessConfig(defaults.huMin(), defaults.huMax(), defaults.labelMap(),
                dataset.integer("valCases", defaults.valCases()), dataset.integer("testCases", defaults.testCases()),
                dataset.longValue("splitSeed", defaults.splitSeed()));
        Path rawDir = rawDirectory(dataset, scratch);
        PreparedDataset prepared = new Preprocessor().prepare(rawDir, scratch.resolve("prepared"), config);
        try (ObjectStore store = ObjectStore.open(context.s3())) {
            URI uri = new DatasetPublisher().publish(prepared, store);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("datasetUri", uri.toString());
            output.put("datasetDigest", prepared.digest());
            output.put("trainSlices", prepared.trainSlices().size());
            output.put("valCases", prepared.valCases());
            output.put("testCases", prepared.testCases());
            return output;
        }
    }

    private static Path rawDirectory(TaskInput dataset, Path scratch) {
        String source = dataset.string("source");
        return switch (source) {
            case "synthetic" -> {
                Path raw = scratch.resolve("raw");
                SyntheticCtGenerator.generate(raw, new SyntheticSpec(dataset.integer("cases", 12),
                        dataset.integer("size", 64), dataset.integer("minSlices", 24),
                        dataset.integer("maxSlices", 40), dataset.longValue("seed", 1234)));
                yield raw;
            }
            case "raw" -> Path.of(dataset.string("path"));
            default -> throw new InvalidInputException("dataset.source '" + source
                    + "' is not known: use 'synthetic' or 'raw'");
        };
    }
}
