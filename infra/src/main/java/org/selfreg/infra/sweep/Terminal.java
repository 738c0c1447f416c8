package org.selfreg.infra.sweep;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/** What this process knows about the terminal it runs in. */
final class Terminal {

    /** Columns when the terminal does not say: narrow enough that a line never wraps on a usual terminal. */
    static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    /**
     * Whether standard input and output are a terminal that a person watches (and not "dumb", which cannot move the
     * cursor). From JDK 22, {@link System#console()} returns a console even for a pipe, and only
     * {@code Console.isTerminal()} tells; the project is built for JDK 21, where that method is missing and a console
     * exists only on a terminal, so it is called by reflection when the running JDK has it.
     */
    static boolean isInteractive(Map<String, String> env) {
        Console console = System.console();
        if (console == null || "dumb".equals(env.get("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false;
        }
    }

    /** The terminal's width from {@code COLUMNS} (the launcher exports it), else {@link #DEFAULT_COLUMNS}. */
    static int columns(Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            return columns > 0 ? columns : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }
}
