package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.infra.stack.Reachability;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.ModelRegistry;
import org.selfreg.tracking.RegisteredModelUri;
import org.selfreg.tracking.RegisteredModels;

/**
 * {@code selfreg promote MODEL VERSION --alias champion}: points an alias of a registered model at one of its versions
 * (moving it from the version it named before), after which {@code models:/MODEL@champion} is that version. Aliases,
 * not MLflow's deprecated stages.
 */
final class PromoteCommand {

    static final OptionSpec SPEC = new OptionSpec("promote", 2)
            .add("alias", "champion", null, "the alias to point at the version")
            .add("mlflow-url", "http://127.0.0.1:5310", "MLFLOW_TRACKING_URI", "the MLflow server of the registry");

    private final PrintStream out;

    PromoteCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Map<String, String> env) {
        OptionSpec.Values v = SPEC.parse(args, env);
        String name = v.positional().get(0);
        String number = v.positional().get(1);
        String alias = v.get("alias");
        if (!RegisteredModelUri.isVersion(number)) {
            throw new InvalidInputException("'" + number + "' is not a version number: give the VERSION as MLflow"
                    + " numbers it (1, 2, ...), e.g. ./selfreg promote " + name + " 1 --alias " + alias);
        }
        requireSettable(alias);
        URI mlflow = StackArguments.url("mlflow-url", v);
        Reachability.requireAnswering(mlflow, "MLflow", "start it with ./selfreg ui (it serves the registry of a work"
                + " directory), or give --mlflow-url");
        try (MlflowTracker tracker = new MlflowTracker(mlflow)) {
            ModelRegistry registry = tracker.registry();
            ModelRegistry.Version version = new RegisteredModels(registry, mlflow)
                    .resolve(RegisteredModelUri.ofVersion(name, number));
            registry.setAlias(name, alias, number);
            out.println(RegisteredModelUri.PREFIX + name + "@" + alias + " is now version " + number + " (run "
                    + version.runId() + ", trial " + version.tags().getOrDefault(MlflowTracker.TRIAL_KEY_TAG, "-")
                    + ")");
        }
        return 0;
    }

    /** MLflow refuses aliases it reserves for version references ({@code latest}, {@code v3}) and odd characters. */
    private static void requireSettable(String alias) {
        if (!alias.matches("[A-Za-z0-9_-]+") || alias.equalsIgnoreCase("latest") || alias.matches("[vV][0-9]+")) {
            throw new InvalidInputException("'" + alias + "' cannot be an alias: use letters, digits, '_' and '-'"
                    + " (not 'latest' or v<number>, which MLflow reserves), e.g. --alias champion");
        }
    }
}
