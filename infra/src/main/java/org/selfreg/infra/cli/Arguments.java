package org.selfreg.infra.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Conversions of option text to values, each failing with a message that names the option. */
final class Arguments {

    private Arguments() {
    }

    static long whole(String name, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + text + "' is not a whole number");
        }
    }

    static int atLeast(String name, String text, int min) {
        long value = whole(name, text);
        if (value < min || value > Integer.MAX_VALUE) {
            throw new UsageException("--" + name + ": " + value + " is out of range: use a whole number >= " + min);
        }
        return (int) value;
    }

    /** A TCP port, 0 meaning any free one. */
    static int port(String name, String text) {
        long value = whole(name, text);
        if (value < 0 || value > 65535) {
            throw new UsageException("--" + name + ": " + value + " is not a port (0-65535; 0 = any free port)");
        }
        return (int) value;
    }

    /**
     * A directory this process can write state to: an existing writable directory, or a path whose nearest
     * existing parent is one (the directory is created when first used, not here).
     */
    static Path writableDirectory(String name, String text) {
        Path dir = Path.of(text).toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new UsageException("--" + name + ": " + dir + " cannot be written ("
                    + (existing == null ? "no existing parent" : existing + (Files.isDirectory(existing)
                    ? " is not writable" : " is not a directory")) + "): choose a directory you can write");
        }
        return dir;
    }

    static double positiveNumber(String name, String text) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + text + "' is not a number");
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new UsageException("--" + name + ": " + text + " must be a finite number > 0");
        }
        return value;
    }
}
