package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.selfreg.eval.predict.BatchPredictor;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.eval.predict.PredictionSummary;
import org.selfreg.eval.predict.TestTimeAugmentation;

/**
 * {@code selfreg predict}: segments new NIfTI scans or images with a trained model (or the mean of several), offline
 * from a model folder or from a trial run's model; a progress bar over the files, then a summary.
 */
final class PredictCommand {

    static final OptionSpec SPEC = ModelSources.addTo(new OptionSpec("predict", 0)
            .addRepeatable("model", "a model folder (./selfreg export-model), runs:/RUN_ID, models:/NAME/VERSION"
                    + " or models:/NAME@ALIAS; repeat it for an ensemble (mean of probabilities)")
            .add("input", null, null, "a NIfTI (.nii, .nii.gz) or image (.png, .tif, .bmp) file, or a folder of them")
            .add("out", null, null, "folder for <case>.nii.gz or <case>.png and <case>.json beside each")
            .add("tta", "none", null, "test-time augmentation: none, or flip (mean with the left-right mirror)"));

    private static final int BAR = 30;

    private final PrintStream out;

    PredictCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Map<String, String> env) {
        OptionSpec.Values v = SPEC.parse(args, env);
        if (v.all("model").isEmpty() || v.get("input") == null || v.get("out") == null) {
            throw new UsageException("predict needs --model, --input and --out (see ./selfreg predict --help)");
        }
        TestTimeAugmentation tta = TestTimeAugmentation.named(v.get("tta").toLowerCase(Locale.ROOT));
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

    private void progress(int done, int total, Path file) {
        int filled = done * BAR / total;
        out.print("\r[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + done + "/" + total + " "
                + file.getFileName());
        out.flush();
    }
}
