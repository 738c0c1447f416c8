package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.selfreg.infra.compare.Comparison;
import org.selfreg.infra.compare.ComparisonReport;
import org.selfreg.infra.compare.TrialRecord;
import org.selfreg.infra.compare.TrialRecords;
import org.selfreg.infra.stack.Reachability;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.tracking.ModelRegistry;

/**
 * {@code selfreg compare}: reads the finished trials of one or more experiments (optionally only some sweeps) from an
 * MLflow server, whoever ran them, and writes a comparison report: mean ± std over seeds per configuration, overall and
 * per class, the best configuration, a chart of Dice against lambda, and which trial each registered model version
 * came from.
 */
final class CompareCommand {

    static final OptionSpec SPEC = new OptionSpec("compare", 0)
            .add("mlflow-url", "http://127.0.0.1:5310", "MLFLOW_TRACKING_URI", "the MLflow server to read")
            .add("experiments", "selfreg-demo", null, "comma-separated experiment names")
            .add("sweeps", null, null, "comma-separated parent run ids: only these sweeps' trials")
            .add("out", "comparison", null, "directory for comparison.md, comparison.html and dice_vs_lambda.png");

    private final PrintStream out;

    CompareCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Map<String, String> env) {
        OptionSpec.Values v = SPEC.parse(args, env);
        URI mlflow = StackArguments.url("mlflow-url", v);
        List<String> experiments = split(v.get("experiments"));
        List<String> sweeps = v.get("sweeps") == null ? List.of() : split(v.get("sweeps"));
        String origin = v.origin("mlflow-url");
        // The tracker waits out MLflow outages (minutes); a server that is not running at all is said at once.
        Reachability.requireAnswering(mlflow, "MLflow", "start one with ./selfreg ui (it serves the runs of the last"
                + " demo or sweep of a work directory), or give --mlflow-url");
        out.println("Reading trials from MLflow at " + mlflow + (origin == null ? "" : " (from " + origin + ")"));
        List<TrialRecord> trials;
        List<ModelRegistry.Version> registered;
        try (MlflowTracker tracker = new MlflowTracker(mlflow)) {
            trials = TrialRecords.read(tracker, experiments, sweeps);
            registered = registeredVersions(tracker.registry(), trials);
        }
        if (trials.isEmpty()) {
            throw new UsageException("no finished trials in " + experiments + (sweeps.isEmpty() ? "" : " " + sweeps)
                    + " at " + mlflow + ": run a sweep first, or check --experiments / --sweeps");
        }
        Comparison comparison = Comparison.of(trials);
        Path report = ComparisonReport.write(comparison, registered,
                "SelfReg comparison: " + String.join(", ", experiments), Path.of(v.get("out")).toAbsolutePath());
        out.println(trials.size() + " trials in " + comparison.groups().size() + " configurations.");
        comparison.best().ifPresent(b -> out.println("Best: " + b.label() + ", mean Dice "
                + b.dice().format(4)));
        registered.forEach(version -> out.println("Registered: " + version.uri() + " from run " + version.runId()));
        out.println("Report: " + report + " (and comparison.html, dice_vs_lambda.png beside it)");
        return 0;
    }

    /** The registered versions of the trials' runs, with their aliases (a search of versions leaves them out). */
    private static List<ModelRegistry.Version> registeredVersions(ModelRegistry registry, List<TrialRecord> trials) {
        return registry.versionsOfRuns(trials.stream().map(TrialRecord::runId).toList()).stream()
                .map(v -> registry.version(v.name(), v.version()).orElse(v)).toList();
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
