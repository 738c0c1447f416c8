package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.infra.stack.PortInUseException;
import org.selfreg.infra.stack.Reachability;
import org.selfreg.infra.stack.ServerStartException;
import org.selfreg.infra.stack.ServerUnreachableException;
import org.selfreg.infra.sweep.SweepTimeoutException;

/**
 * {@code selfreg}: the command line of the pipeline. Every error ends in one clear line and a non-zero exit code:
 * {@value #FAILED} for bad input or a failed run, {@value #USAGE} for a usage error, {@value #UNREACHABLE} when a
 * server cannot be reached, {@value #INTERNAL} for an unexpected error (a bug: {@code SELFREG_DEBUG=1} adds its stack
 * trace) and {@value #INTERRUPTED} after Ctrl-C.
 */
public final class Main {

    static final String USAGE_TEXT = """
            Usage: ./selfreg <command> [options]

            Commands:
              demo          a lambda sweep on a generated Synapse-like CT dataset through the local stack
                            (Conductor, S3, MLflow started on 127.0.0.1): result table and MLflow run
              sweep FILE    a sweep described in a YAML/JSON file (grid over lambdas, seeds, ...), --set overrides
              worker        a worker process joining existing servers (one per GPU), e.g. on another machine
              ui            the MLflow UI over the runs of an earlier demo or sweep
              compare       a comparison report of finished trials from MLflow (mean ± std over seeds, chart)
              predict       segment NIfTI scans or images with a trained model (a folder, runs:/RUN_ID,
                            models:/NAME/VERSION or models:/NAME@ALIAS)
              export-model  copy a trial run's or a registered version's model into a folder, for offline prediction
              promote MODEL VERSION
                            point an alias (--alias champion) of a registered model at one of its versions
              test          every test (unit, parity, system): what CI runs
              help          show this text

            Run ./selfreg <command> --help for the options of a command.
            Exit codes: 0 done, 1 bad input or failed trials, 2 usage error, 3 a server cannot be reached,
            4 unexpected error (SELFREG_DEBUG=1 prints its stack trace), 130 interrupted.
            """;

    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;
    static final int INTERNAL = 4;
    static final int INTERRUPTED = 130;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err,
                "1".equals(System.getenv("SELFREG_DEBUG"))));
    }

    private static String help(String command) {
        OptionSpec spec = switch (command) {
            case "demo" -> DemoOptions.SPEC;
            case "sweep" -> SweepCommand.SPEC;
            case "worker" -> WorkerCommand.SPEC;
            case "ui" -> UiCommand.SPEC;
            case "compare" -> CompareCommand.SPEC;
            case "predict" -> PredictCommand.SPEC;
            case "export-model" -> ExportModelCommand.SPEC;
            case "promote" -> PromoteCommand.SPEC;
            default -> throw new UsageException("unknown command '" + command + "' (see ./selfreg help)");
        };
        String arguments = switch (command) {
            case "sweep" -> " FILE";
            case "promote" -> " MODEL VERSION";
            default -> "";
        };
        return "Usage: ./selfreg " + command + arguments + " [options]\n\n" + spec.help();
    }

    /** Runs a command as {@code ./selfreg} does, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err, false);
    }

    /** Runs a command as {@code ./selfreg} does in a shell whose environment variables are {@code env}. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, false);
    }

    /** Runs a command; {@code debug} adds the stack trace of an unexpected error. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, boolean debug) {
        if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
            out.print(USAGE_TEXT);
            return args.isEmpty() ? USAGE : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            if (rest.contains("--help") || rest.contains("-h")) {
                out.print(help(args.get(0)));
                return 0;
            }
            return switch (args.get(0)) {
                case "demo" -> new DemoCommand(out).run(DemoOptions.parse(rest, env));
                case "sweep" -> new SweepCommand(out).run(rest, env);
                case "worker" -> new WorkerCommand(out).run(rest, env);
                case "ui" -> new UiCommand(out).run(rest, env);
                case "compare" -> new CompareCommand(out).run(rest, env);
                case "predict" -> new PredictCommand(out).run(rest, env);
                case "export-model" -> new ExportModelCommand(out).run(rest, env);
                case "promote" -> new PromoteCommand(out).run(rest, env);
                default -> throw new UsageException("unknown command '" + args.get(0) + "' (see ./selfreg help)");
            };
        } catch (PortInUseException e) {
            err.println("selfreg: " + e.getMessage() + " (the --s3-port, --mlflow-port and --conductor-port options"
                    + " choose others; 0 picks any free port)");
            return FAILED;
        } catch (UsageException e) {
            err.println("selfreg: " + e.getMessage());
            return USAGE;
        } catch (InvalidInputException | ServerStartException | SweepTimeoutException | UncheckedIOException e) {
            err.println("selfreg: " + e.getMessage());
            return FAILED;
        } catch (ServerUnreachableException e) {
            err.println("selfreg: " + e.getMessage());
            return UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("selfreg: interrupted");
            return INTERRUPTED;
        } catch (RuntimeException e) {
            return unexpected(e, err, debug);
        }
    }

    /** An error no command expected: a lost connection in the middle of a call, or a bug. */
    static int unexpected(RuntimeException e, PrintStream err, boolean debug) {
        if (Reachability.isConnectionFailure(e)) {
            err.println("selfreg: lost the connection to a server (" + rootCause(e) + "): is it still running?");
            return UNREACHABLE;
        }
        err.println("selfreg: unexpected error: " + rootCause(e) + (debug ? ""
                : " (SELFREG_DEBUG=1 ./selfreg ... prints the stack trace; please report it)"));
        if (debug) {
            e.printStackTrace(err);
        }
        return INTERNAL;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getMessage() + ": " + root;
    }
}
