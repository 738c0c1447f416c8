package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.util.List;
import org.selfreg.infra.stack.PortInUseException;
import org.selfreg.infra.stack.ServerStartException;

/**
 * {@code selfreg}: the command line of the pipeline. Every error ends in one clear line and a non-zero exit code.
 */
public final class Main {

    static final String USAGE = """
            Usage: ./selfreg <command> [options]

            Commands:
              demo    run a lambda sweep on a generated Synapse-like CT dataset through the local stack
                      (Conductor, S3, MLflow started on 127.0.0.1), print the result table and the MLflow run
              help    show this text

            Run ./selfreg <command> --help for the options of a command.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "demo" -> {
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.print("Usage: ./selfreg demo [options]\n\n" + DemoOptions.SPEC.help());
                        yield 0;
                    }
                    yield new DemoCommand(out).run(DemoOptions.parse(rest, System.getenv()));
                }
                default -> throw new UsageException("unknown command '" + args.get(0) + "' (see ./selfreg help)");
            };
        } catch (UsageException | PortInUseException | ServerStartException e) {
            err.println("selfreg: " + e.getMessage());
            return e instanceof UsageException ? 2 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("selfreg: interrupted");
            return 130;
        }
    }
}
