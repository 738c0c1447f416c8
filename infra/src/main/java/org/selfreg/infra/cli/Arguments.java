package org.selfreg.infra.cli;

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
