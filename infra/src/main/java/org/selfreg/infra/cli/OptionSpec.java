package org.selfreg.infra.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options a command accepts, with their defaults and help text; parses {@code --name value} and
 * {@code --name=value} and rejects anything else with a clear message.
 */
final class OptionSpec {

    private record Option(String name, String defaultValue, String env, String help) {
    }

    private final String command;
    private final Map<String, Option> options = new LinkedHashMap<>();

    OptionSpec(String command) {
        this.command = command;
    }

    /** Declares {@code --name}; {@code env} (may be null) names an environment variable that overrides the default. */
    OptionSpec add(String name, String defaultValue, String env, String help) {
        options.put(name, new Option(name, defaultValue, env, help));
        return this;
    }

    /** Option values: the command line first, then the environment, then the defaults (null when none). */
    Map<String, String> parse(List<String> args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : options.values()) {
            String fromEnv = o.env() == null ? null : environment.get(o.env());
            values.put(o.name(), fromEnv != null && !fromEnv.isBlank() ? fromEnv : o.defaultValue());
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (see ./selfreg " + command + " --help)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!options.containsKey(name)) {
                throw new UsageException("unknown option --" + name + " (see ./selfreg " + command + " --help)");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value (see ./selfreg " + command + " --help)");
                }
                value = args.get(++i);
            }
            values.put(name, value);
        }
        return values;
    }

    /** The option table for {@code --help}. */
    String help() {
        StringBuilder out = new StringBuilder("Options:\n");
        for (Option o : options.values()) {
            out.append(String.format("  --%-16s %s", o.name(), o.help()));
            if (o.defaultValue() != null) {
                out.append(" (default: ").append(o.defaultValue()).append(')');
            }
            if (o.env() != null) {
                out.append(" [env ").append(o.env()).append(']');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
