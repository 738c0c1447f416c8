package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.SafeNames;
import org.selfreg.dataprep.Sha256;
import org.selfreg.eval.predict.BatchPredictor;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.eval.predict.PredictionSummary;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RemoteModels;
import org.selfreg.tracking.RunModelDownload;

/**
 * {@code selfreg_predict_batch}: predicts one chunk of a batch prediction's inputs. The models come from the worker's
 * {@link ModelCache} (fetched once per worker), the chunk's {@code files} from {@code inputsUri}; evaluation's
 * {@link BatchPredictor} segments them, and every prediction with its record ({@code <case>.json}) is uploaded under
 * {@code outputUri}. The output gives each input's SHA-256, from which the last task digests the whole input set, and
 * the voxels per class.
 */
public final class PredictBatchWorker extends PipelineWorker {

    public static final String TASK = "selfreg_predict_batch";

    private final WorkerContext context;
    private final ModelCache cache;

    public PredictBatchWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
        this.cache = new ModelCache(context.workDir().resolve("cache").resolve("models"));
    }

    @Override
    protected boolean usesLibtorch() {
        return true;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        PredictionRequest request = PredictionRequest.of(input);
        List<String> files = input.strings("files");
        Path scratch = context.scratch(TASK + "-" + task.getTaskId());
        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            RemoteModels remote = new RemoteModels(tracker, new RunModelDownload(tracker, store,
                    context.s3().bucket()));
            List<ModelPackage> models = request.models().stream().map(m -> cache.get(m, remote)).toList();
            String inputsKey = ObjectStore.keyOf(request.inputsUri(), context.s3());
            Map<String, Object> digests = new LinkedHashMap<>();
            for (String name : files) {
                Path file = store.getFile(inputsKey + "/" + name, scratch.resolve("inputs")
                        .resolve(SafeNames.name(name, "input file '" + name + "'")));
                digests.put(name, Sha256.of(file));
            }
            PredictionSummary summary = new BatchPredictor(models, request.tta()).predict(scratch.resolve("inputs"),
                    scratch.resolve("predictions"), file -> request.inputsUri() + "/" + file.getFileName(),
                    (done, total, file) -> context.taskLog().append(task.getTaskId(),
                            "predicted " + done + "/" + total + ": " + file.getFileName()));
            upload(summary.outDir(), ObjectStore.keyOf(request.outputUri(), context.s3()), store);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("files", summary.files());
            output.put("inputDigests", digests);
            output.put("voxelsPerClass", summary.voxelsPerClass());
            output.put("seconds", summary.seconds());
            return output;
        } finally {
            FileTrees.deleteRecursively(scratch);
        }
    }

    private static void upload(Path dir, String prefix, ObjectStore store) {
        try (Stream<Path> files = Files.list(dir)) {
            files.sorted().forEach(f -> store.putFile(prefix + "/" + f.getFileName(), f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
