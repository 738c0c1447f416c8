package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.selfreg.eval.predict.ModelPackage;

/**
 * {@code selfreg export-model}: copies a trial run's model (weights, network configuration, preprocessing, class
 * names) into a local folder, with which {@code ./selfreg predict --model DIR} runs offline.
 */
final class ExportModelCommand {

    static final OptionSpec SPEC = ModelSources.addTo(new OptionSpec("export-model", 0)
            .add("run", null, null, "the MLflow run id of an evaluated trial")
            .add("out", null, null, "the model folder to write (replaced when it exists)"));

    private final PrintStream out;

    ExportModelCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Map<String, String> env) {
        OptionSpec.Values v = SPEC.parse(args, env);
        if (v.get("run") == null || v.get("out") == null) {
            throw new UsageException("export-model needs --run and --out (see ./selfreg export-model --help)");
        }
        ModelPackage model = ModelSources.download(v.get("run"), Path.of(v.get("out")), v, env);
        out.println("Model of run " + v.get("run") + " (" + model.card().selection() + ", trained on "
                + model.card().dataset().name() + ") written to " + model.dir());
        out.println("Predict with: ./selfreg predict --model " + model.dir() + " --input FILE_OR_DIR --out DIR");
        return 0;
    }
}
