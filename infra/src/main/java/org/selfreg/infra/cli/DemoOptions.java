package org.selfreg.infra.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.sweep.SweepRequest;

/**
 * The typed, validated options of {@code selfreg demo}: a lambda sweep on a generated Synapse-like dataset.
 */
record DemoOptions(List<Double> lambdas, int epochs, int width, int imageSize, int batchSize, double lr, long seed,
                   int cases, Path workDir, String experiment, StackOptions stack) {

    static final OptionSpec SPEC = StackArguments.addTo(new OptionSpec("demo", 0)
            .add("lambdas", "0,0.01,0.1", null, "comma-separated SelfReg weights, one trial each")
            .add("epochs", "2", null, "training epochs per trial")
            .add("width", "16", null, "UNet base width (64 = the paper's UNet)")
            .add("image-size", "64", null, "slice size in pixels, for the generated data and the model")
            .add("batch-size", "8", null, "training batch size")
            // Above the reference's 0.01: a demo has about 200 iterations, not 13,950 (measured: mean Dice 0.89 at
            // lambda 0 after 2 epochs, against 0.42 at 0.01).
            .add("lr", "0.05", null, "base learning rate (SGD, poly schedule)")
            .add("seed", "1234", null, "seed of the data, the initialisation and the training")
            .add("cases", "24", null, "number of synthetic CT volumes")
            .add("experiment", "selfreg-demo", null, "MLflow experiment"));

    static DemoOptions parse(List<String> args, Map<String, String> env) {
        OptionSpec.Values v = SPEC.parse(args, env);
        return new DemoOptions(lambdas(v.get("lambdas")), Arguments.atLeast("epochs", v.get("epochs"), 1),
                Arguments.atLeast("width", v.get("width"), 1), Arguments.atLeast("image-size", v.get("image-size"), 16),
                Arguments.atLeast("batch-size", v.get("batch-size"), 1), Arguments.positiveNumber("lr", v.get("lr")),
                Arguments.whole("seed", v.get("seed")), Arguments.atLeast("cases", v.get("cases"), 4),
                StackArguments.workDir(v), v.get("experiment"), StackArguments.parse(v, env));
    }

    /** The sweep these options describe. */
    SweepRequest sweep(String sweepName) {
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("source", "synthetic");
        dataset.put("cases", cases);
        dataset.put("size", imageSize);
        dataset.put("seed", seed);
        dataset.put("valCases", Math.max(1, cases / 6));
        dataset.put("testCases", Math.max(1, cases / 4));
        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put("epochs", epochs);
        trial.put("baseWidth", width);
        trial.put("imageSize", imageSize);
        trial.put("batchSize", batchSize);
        trial.put("baseLr", lr);
        trial.put("seed", seed);
        return new SweepRequest(experiment, sweepName, dataset, SweepRequest.lambdaGrid(lambdas), trial, Map.of());
    }

    private static List<Double> lambdas(String text) {
        List<Double> values = new ArrayList<>();
        for (String part : text.split(",")) {
            String item = part.strip();
            double value;
            try {
                value = Double.parseDouble(item);
            } catch (NumberFormatException e) {
                throw new UsageException("--lambdas: '" + item + "' is not a number (example: --lambdas 0,0.01,0.1)");
            }
            if (!Double.isFinite(value) || value < 0) {
                throw new UsageException("--lambdas: " + item
                        + " is not allowed: lambda weights the SelfReg loss and must be a finite number >= 0");
            }
            values.add(value);
        }
        return values;
    }
}
