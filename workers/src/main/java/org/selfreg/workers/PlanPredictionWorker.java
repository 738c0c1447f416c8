package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.SafeNames;
import org.selfreg.eval.predict.PredictionInputs;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.RemoteModels;
import org.selfreg.tracking.RunModelDownload;

/**
 * {@code selfreg_plan_predict}: the first task of a batch prediction. Pins every model URI to what it names now (an
 * alias to its version number, so that every batch predicts with the same version even if the alias moves), lists
 * the NIfTI and image files directly under {@code inputsUri}, and splits them into {@code selfreg_predict_batch}
 * tasks of {@code filesPerTask} files (default {@value #FILES_PER_TASK}).
 */
public final class PlanPredictionWorker extends PipelineWorker {

    public static final String TASK = "selfreg_plan_predict";
    static final int FILES_PER_TASK = 8;

    private final WorkerContext context;

    public PlanPredictionWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        PredictionRequest request = PredictionRequest.of(input);
        int filesPerTask = input.integer("filesPerTask", FILES_PER_TASK);
        if (filesPerTask < 1) {
            throw input.invalid("filesPerTask", "must be at least 1, got " + filesPerTask);
        }
        try (ObjectStore store = ObjectStore.open(context.s3());
             MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            String prefix = ObjectStore.keyOf(request.inputsUri(), context.s3()) + "/";
            List<String> files = store.list(prefix).stream().map(k -> k.substring(prefix.length()))
                    .filter(name -> !name.contains("/") && PredictionInputs.isInput(name)).sorted().toList();
            if (files.isEmpty()) {
                throw new InvalidInputException(request.inputsUri() + " holds no NIfTI (.nii, .nii.gz) or image (.png,"
                        + " .tif, .tiff, .bmp) file; upload the files to segment there, or fix 'inputsUri'");
            }
            files.forEach(name -> SafeNames.name(name, "input file '" + name + "' under " + request.inputsUri()));
            RemoteModels models = new RemoteModels(tracker, new RunModelDownload(tracker, store,
                    context.s3().bucket()));
            List<String> pinned = request.models().stream().map(m -> models.locate(m).uri()).toList();
            Map<String, Object> common = new LinkedHashMap<>();
            common.put("models", pinned);
            common.put("inputsUri", request.inputsUri().toString());
            common.put("outputUri", request.outputUri().toString());
            common.put("tta", request.tta().id());
            Map<String, Object> output = new LinkedHashMap<>(PredictionBatches.fork(files, filesPerTask, common));
            output.put("models", pinned);
            output.put("files", files.size());
            return output;
        }
    }
}
