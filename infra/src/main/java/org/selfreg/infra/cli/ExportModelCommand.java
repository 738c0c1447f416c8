package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.selfreg.eval.predict.ModelPackage;
import org.selfreg.tracking.RemoteModels;

/**
 * {@code selfreg export-model}: copies a trial run's model, or a registered version of one (weights, network
 * configuration, preprocessing, class names), into a local folder, with which {@code ./selfreg predict --model DIR}
 * runs offline.
 */
final class ExportModelCommand {

    static final OptionSpec SPEC = ModelSources.addTo(new OptionSpec("export-model", 0)
            .add("run", null, null, "the MLflow run id of an evaluated trial")
            .add("model", null, null, "instead of --run: models:/NAME/VERSION, models:/NAME@ALIAS or runs:/RUN_ID")
            .add("out", null, null, "the model folder to write (replaced when it exists)"));

    private final PrintStream out;

    ExportModelCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Map<String, String> env) {
        OptionSpec.Values v = SPEC.parse(args, env);
        if ((v.get("run") == null) == (v.get("model") == null) || v.get("out") == null) {
            throw new UsageException("export-model needs --out and one of --run or --model (see ./selfreg export-model"
                    + " --help)");
        }
        String spec = v.get("run") != null ? RemoteModels.RUNS + v.get("run") : v.get("model");
        ModelPackage model = ModelSources.download(spec, Path.of(v.get("out")), v, env);
        out.println("Model " + model.source() + " (run " + model.card().runId() + ", " + model.card().selection()
                + ", trained on " + model.card().dataset().name() + ") written to " + model.dir());
        out.println("Predict with: ./selfreg predict --model " + model.dir() + " --input FILE_OR_DIR --out DIR");
        return 0;
    }
}
