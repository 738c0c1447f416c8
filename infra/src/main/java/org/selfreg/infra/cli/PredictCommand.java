package org.selfreg.infra.cli;

import com.netflix.conductor.client.http.ConductorClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.selfreg.eval.predict.BatchPredictor;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.eval.predict.PredictionSummary;
import org.selfreg.eval.predict.TestTimeAugmentation;
import org.selfreg.infra.predict.RemotePrediction;
import org.selfreg.infra.stack.Reachability;
import org.selfreg.storage.ObjectStore;
import org.selfreg.storage.S3Settings;
import org.selfreg.tracking.RemoteModels;

/**
 * {@code selfreg predict}: segments new NIfTI scans or images with a trained model (or the mean of several), offline
 * from a model folder or from a trial run's model; a progress bar over the files, then a summary. With
 * {@code --workers remote} the {@code selfreg_predict} workflow predicts on the workers of a Conductor server and the
 * predictions are downloaded into {@code --out}.
 */
final class PredictCommand {

    static final OptionSpec SPEC = ModelSources.addTo(new OptionSpec("predict", 0)
            .addRepeatable("model", "a model folder (./selfreg export-model), runs:/RUN_ID, models:/NAME/VERSION"
                    + " or models:/NAME@ALIAS; repeat it for an ensemble (mean of probabilities)")
            .add("input", null, null, "a NIfTI (.nii, .nii.gz) or image (.png, .tif, .bmp) file, or a folder of them")
            .add("out", null, null, "folder for <case>.nii.gz or <case>.png and <case>.json beside each")
            .add("tta", "none", null, "test-time augmentation: none, or flip (mean with the left-right mirror)")
            .add("workers", "local", null, "'local' predicts in this process; 'remote' runs the selfreg_predict"
                    + " workflow on the workers of --conductor-url (inputs and predictions through --s3-endpoint)")
            .add("conductor-url", null, "SELFREG_CONDUCTOR_URL", "the Conductor API of --workers remote")
            .add("domain", null, "SELFREG_TASK_DOMAIN", "task domain of the prediction batches (the training"
                    + " workers' pool)")
            .add("files-per-batch", "8", null, "input files per worker task of --workers remote"));

    /** How long a batch prediction may take before it is terminated: its workflow's own limit. */
    private static final Duration REMOTE_TIMEOUT = Duration.ofHours(48);

    private static final int BAR = 30;

    private final PrintStream out;

    PredictCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Map<String, String> env) throws InterruptedException {
        OptionSpec.Values v = SPEC.parse(args, env);
        if (v.all("model").isEmpty() || v.get("input") == null || v.get("out") == null) {
            throw new UsageException("predict needs --model, --input and --out (see ./selfreg predict --help)");
        }
        TestTimeAugmentation tta = TestTimeAugmentation.named(v.get("tta").toLowerCase(Locale.ROOT));
        String workers = v.get("workers");
        if (!workers.equals("local") && !workers.equals("remote")) {
            throw new UsageException("--workers: '" + workers + "' must be 'local' or 'remote'");
        }
        if (workers.equals("remote")) {
            return runRemote(v, env, tta);
        }
        List<ModelPackage> models = v.all("model").stream().map(m -> ModelSources.resolve(m, v, env)).toList();
        PredictionSummary summary = new BatchPredictor(models, tta).predict(Path.of(v.get("input")),
                Path.of(v.get("out")), this::progress);
        out.println();
        out.printf(Locale.ROOT, "%d file(s) in %.1f s with %d model(s), tta %s: %s%n", summary.files(),
                summary.seconds(), models.size(), tta.id(), summary.outDir());
        out.println("Voxels per class: " + summary.voxelsPerClass().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        return 0;
    }

    private int runRemote(OptionSpec.Values v, Map<String, String> env, TestTimeAugmentation tta)
            throws InterruptedException {
        List<String> models = v.all("model");
        for (String model : models) {
            if (!RemoteModels.isRemote(model)) {
                throw new UsageException("--workers remote predicts with models on the servers: give --model as"
                        + " runs:/RUN_ID or models:/NAME@ALIAS, not the folder " + model);
            }
            RemoteModels.requireWellFormed(model);
        }
        S3Settings s3 = StackArguments.externalS3(v, env);
        if (v.get("conductor-url") == null || s3 == null) {
            throw new UsageException("--workers remote needs --conductor-url and --s3-endpoint (the servers the"
                    + " workers use)");
        }
        URI conductorUrl = StackArguments.url("conductor-url", v);
        Reachability.requireAnswering(conductorUrl, "Conductor", "check --conductor-url");
        ConductorClient conductor = ConductorClient.builder().basePath(conductorUrl.toString()).build();
        long start = System.nanoTime();
        RemotePrediction.Outcome outcome;
        try (ObjectStore store = ObjectStore.open(s3)) {
            outcome = new RemotePrediction(conductor, store).run(models, tta, Path.of(v.get("input")),
                    Path.of(v.get("out")), Arguments.atLeast("files-per-batch", v.get("files-per-batch"), 1),
                    v.get("domain"), REMOTE_TIMEOUT,
                    batches -> out.print("\rbatches done: " + batches));
        }
        out.println();
        out.printf(Locale.ROOT, "%d file(s) in %.1f s on the workers with %s, tta %s: %s%n", outcome.files(),
                (System.nanoTime() - start) / 1e9, String.join(", ", outcome.models()), tta.id(),
                outcome.outDir().toAbsolutePath());
        out.println("MLflow run " + outcome.runId() + " (inputs digest " + outcome.inputsDigest() + ", workflow "
                + outcome.workflowId() + ")");
        return 0;
    }

    private void progress(int done, int total, Path file) {
        int filled = done * BAR / total;
        out.print("\r[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + done + "/" + total + " "
                + file.getFileName());
        out.flush();
    }
}
