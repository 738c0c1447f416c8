package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.selfreg.infra.sweep.SweepFile;
import org.selfreg.infra.sweep.SweepRequest;

/**
 * {@code selfreg sweep FILE}: a sweep described in a YAML/JSON file, with {@code --set} overrides.
 */
final class SweepCommand {

    static final OptionSpec SPEC = StackArguments.addTo(new OptionSpec("sweep FILE", 1)
            .addRepeatable("set", "override a value of the sweep file, e.g. --set trial.epochs=3 --set grid.seed=[1,2]")
            .add("workers", "local", null, "'local' runs workers in this process; 'remote' waits for ./selfreg worker")
            .add("domain", null, "SELFREG_TASK_DOMAIN", "task domain for training and evaluation (a GPU pool)")
            .addFlag("dry-run", "print the resolved trials, their keys, which would be reused and the work each asks"
                    + " for; start nothing"));

    private final PrintStream out;

    SweepCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Map<String, String> env) throws InterruptedException {
        OptionSpec.Values v = SPEC.parse(args, env);
        Path file = Path.of(v.positional().get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + " does not exist or is not a file: give a sweep file (see sweeps/)");
        }
        String workers = v.get("workers");
        if (!workers.equals("local") && !workers.equals("remote")) {
            throw new UsageException("--workers: '" + workers + "' must be 'local' or 'remote'");
        }
        SweepRequest request = SweepFile.read(file, v.all("set"));
        if (v.flag("dry-run")) {
            DryRun.print(request, StackArguments.parse(v, env), out);
            return 0;
        }
        return new SweepSession(out).run(StackArguments.parse(v, env), request, workers.equals("local"),
                v.get("domain"), "./selfreg sweep " + String.join(" ", args));
    }
}
