package org.selfreg.infra.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options a command accepts, with their defaults and help text; parses {@code --name value} and
 * {@code --name=value} (repeatable options collect every value) and rejects anything else with a clear message.
 */
final class OptionSpec {

    private record Option(String name, String defaultValue, String env, String help, boolean repeatable,
                          boolean flag) {
    }

    /**
     * Parsed values: the command line first, then the environment, then the defaults.
     *
     * @param origins where each value that is no default came from, in words for messages
     */
    record Values(Map<String, String> single, Map<String, List<String>> repeated, List<String> positional,
                  Map<String, String> origins) {

        /** The value of an option, or null when it has none. */
        String get(String name) {
            return single.get(name);
        }

        /** Whether a flag ({@link OptionSpec#addFlag}) was given. */
        boolean flag(String name) {
            return Boolean.parseBoolean(single.get(name));
        }

        /**
         * Where an option's value came from: {@code --name} or {@code environment variable NAME}; null for a default.
         * A value from the environment is easy to forget, so messages about it name its source.
         */
        String origin(String name) {
            return origins.get(name);
        }

        /** Every value of a repeatable option, in command-line order. */
        List<String> all(String name) {
            return repeated.getOrDefault(name, List.of());
        }
    }

    private final String command;
    private final int positionals;
    private final Map<String, Option> options = new LinkedHashMap<>();

    /** A command taking {@code positionals} plain arguments before or between its options. */
    OptionSpec(String command, int positionals) {
        this.command = command;
        this.positionals = positionals;
    }

    /** Declares {@code --name}; {@code env} (may be null) names an environment variable that overrides the default. */
    OptionSpec add(String name, String defaultValue, String env, String help) {
        options.put(name, new Option(name, defaultValue, env, help, false, false));
        return this;
    }

    /** Declares {@code --name}, an option without a value that is off unless given. */
    OptionSpec addFlag(String name, String help) {
        options.put(name, new Option(name, "false", null, help, false, true));
        return this;
    }

    /** Declares a repeatable {@code --name}. */
    OptionSpec addRepeatable(String name, String help) {
        options.put(name, new Option(name, null, null, help, true, false));
        return this;
    }

    Values parse(List<String> args, Map<String, String> environment) {
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (Option o : options.values()) {
            String fromEnv = o.env() == null ? null : environment.get(o.env());
            boolean inEnv = fromEnv != null && !fromEnv.isBlank();
            single.put(o.name(), inEnv ? fromEnv : o.defaultValue());
            if (inEnv) {
                origins.put(o.name(), "environment variable " + o.env());
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                if (positional.size() >= positionals) {
                    throw new UsageException("unexpected argument '" + arg + "' (see ./selfreg " + command + " --help)");
                }
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option option = options.get(name);
            if (option == null) {
                throw new UsageException("unknown option --" + name + " (see ./selfreg " + command + " --help)");
            }
            if (option.flag()) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value (see ./selfreg " + command + " --help)");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value (see ./selfreg " + command + " --help)");
                }
                value = args.get(++i);
            }
            if (option.repeatable()) {
                repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                single.put(name, value);
                origins.put(name, "--" + name);
            }
        }
        if (positional.size() < positionals) {
            throw new UsageException("missing argument (see ./selfreg " + command + " --help)");
        }
        return new Values(single, repeated, positional, origins);
    }

    /** The option table for {@code --help}. */
    String help() {
        StringBuilder out = new StringBuilder("Options:\n");
        for (Option o : options.values()) {
            out.append(String.format("  --%-16s %s", o.name(), o.help()));
            if (o.defaultValue() != null && !o.flag()) {
                out.append(" (default: ").append(o.defaultValue()).append(')');
            }
            if (o.env() != null) {
                out.append(" [env ").append(o.env()).append(']');
            }
            if (o.repeatable()) {
                out.append(" [repeatable]");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
