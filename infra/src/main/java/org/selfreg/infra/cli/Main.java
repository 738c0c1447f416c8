package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.util.List;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.infra.stack.PortInUseException;
import org.selfreg.infra.stack.ServerStartException;

/**
 * {@code selfreg}: the command line of the pipeline. Every error ends in one clear line and a non-zero exit code.
 */
public final class Main {

    static final String USAGE = """
            Usage: ./selfreg <command> [options]

            Commands:
              demo          a lambda sweep on a generated Synapse-like CT dataset through the local stack
                            (Conductor, S3, MLflow started on 127.0.0.1): result table and MLflow run
              sweep FILE    a sweep described in a YAML/JSON file (grid over lambdas, seeds, ...), --set overrides
              worker        a worker process joining existing servers (one per GPU), e.g. on another machine
              ui            the MLflow UI over the runs of an earlier demo or sweep
              compare       a comparison report of finished trials from MLflow (mean ± std over seeds, chart)
              test          every test (unit, parity, system): what CI runs
              help          show this text

            Run ./selfreg <command> --help for the options of a command.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    private static String help(String command) {
        OptionSpec spec = switch (command) {
            case "demo" -> DemoOptions.SPEC;
            case "sweep" -> SweepCommand.SPEC;
            case "worker" -> WorkerCommand.SPEC;
            case "ui" -> UiCommand.SPEC;
            case "compare" -> CompareCommand.SPEC;
            default -> throw new UsageException("unknown command '" + command + "' (see ./selfreg help)");
        };
        return "Usage: ./selfreg " + command + (command.equals("sweep") ? " FILE" : "") + " [options]\n\n" + spec.help();
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            if (rest.contains("--help") || rest.contains("-h")) {
                out.print(help(args.get(0)));
                return 0;
            }
            return switch (args.get(0)) {
                case "demo" -> new DemoCommand(out).run(DemoOptions.parse(rest, System.getenv()));
                case "sweep" -> new SweepCommand(out).run(rest, System.getenv());
                case "worker" -> new WorkerCommand(out).run(rest, System.getenv());
                case "ui" -> new UiCommand(out).run(rest, System.getenv());
                case "compare" -> new CompareCommand(out).run(rest, System.getenv());
                default -> throw new UsageException("unknown command '" + args.get(0) + "' (see ./selfreg help)");
            };
        } catch (PortInUseException e) {
            err.println("selfreg: " + e.getMessage() + " (the --s3-port, --mlflow-port and --conductor-port options"
                    + " choose others; 0 picks any free port)");
            return 1;
        } catch (UsageException | InvalidInputException | ServerStartException e) {
            err.println("selfreg: " + e.getMessage());
            return e instanceof UsageException ? 2 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("selfreg: interrupted");
            return 130;
        }
    }
}
