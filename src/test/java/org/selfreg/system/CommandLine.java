package org.selfreg.system;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.selfreg.infra.cli.Main;

/**
 * One {@code ./selfreg} command run in this JVM, as a user would see it: its exit code and what it printed.
 *
 * @param code its exit code
 * @param out  what it printed to standard output
 * @param err  what it printed to standard error
 */
record CommandLine(int code, String out, String err) {

    /** Runs {@code ./selfreg args...}. */
    static CommandLine selfreg(String... args) {
        return selfreg(System.getenv(), args);
    }

    /** Runs {@code ./selfreg args...} in a shell whose environment variables are {@code env}. */
    static CommandLine selfreg(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new ArrayList<>(List.of(args)), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
