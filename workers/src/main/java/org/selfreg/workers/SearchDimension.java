package org.selfreg.workers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One hyperparameter of a search space: how a point of the unit interval becomes a value.
 *
 * <p>Written in a sweep file as {@code {range: [low, high]}} (uniform), {@code {log: [low, high]}} (uniform in the
 * logarithm, for weights and learning rates spanning decades), {@code {int: [low, high]}} (whole numbers, both ends
 * included) or {@code {choice: [a, b, ...]}}.
 */
sealed interface SearchDimension {

    /** The kinds, as written in a sweep file. */
    Set<String> KINDS = Set.of("range", "log", "int", "choice");

    /**
     * Sampled continuous values keep this many significant digits: labels stay readable and a value survives the
     * JSON round trip through workflow inputs unchanged, so the trial key taken on the command line and in the worker
     * is the same.
     */
    MathContext DIGITS = new MathContext(4);

    /** The value at {@code u}, a point of [0, 1). */
    Object value(double u);

    /** The dimension as written, e.g. {@code log [0.001, 0.15]}. */
    String describe();

    /**
     * Reads one dimension, e.g. {@code lambdaIntra: {log: [0.001, 0.15]}}.
     *
     * @param dimension the dimension's object, read where it was found (e.g. {@code ... .space.lambdaIntra})
     */
    static SearchDimension of(TaskInput dimension) {
        dimension.requireOnly(KINDS);
        if (dimension.values().size() != 1) {
            throw dimension.invalid("must have exactly one of " + KINDS.stream().sorted().toList()
                    + ", e.g. {log: [0.001, 0.15]}");
        }
        String kind = dimension.values().keySet().iterator().next();
        if (kind.equals("choice")) {
            Object values = dimension.values().get(kind);
            if (!(values instanceof List<?> list) || list.isEmpty() || list.stream().anyMatch(Objects::isNull)) {
                throw dimension.invalid(kind, "must be a non-empty list of values, e.g. {choice: [4, 8]}");
            }
            return new Choice(List.copyOf(list));
        }
        List<Double> bounds = dimension.numbers(kind);
        if (bounds.size() != 2 || !(bounds.get(0) < bounds.get(1))) {
            throw dimension.invalid(kind, "must be two numbers [low, high] with low < high, got " + bounds);
        }
        double low = bounds.get(0);
        double high = bounds.get(1);
        return switch (kind) {
            case "range" -> new Range(low, high, false);
            case "log" -> {
                if (low <= 0) {
                    throw dimension.invalid(kind, "must have a positive low bound (a logarithmic range), got " + bounds
                            + "; use {range: [...]} to include 0");
                }
                yield new Range(low, high, true);
            }
            default -> {
                if (low != Math.rint(low) || high != Math.rint(high)) {
                    throw dimension.invalid(kind, "must have whole-number bounds, got " + bounds);
                }
                yield new IntRange((long) low, (long) high);
            }
        };
    }

    /**
     * Uniform in [low, high], or in log(value) over it when {@code logarithmic}; {@link StrictMath} so that every
     * machine computes the same value.
     */
    record Range(double low, double high, boolean logarithmic) implements SearchDimension {
        @Override
        public Object value(double u) {
            if (!logarithmic) {
                return rounded(low + u * (high - low), low, high);
            }
            double logLow = StrictMath.log(low);
            return rounded(StrictMath.exp(logLow + u * (StrictMath.log(high) - logLow)), low, high);
        }

        @Override
        public String describe() {
            return (logarithmic ? "log [" : "range [") + low + ", " + high + "]";
        }
    }

    /** A whole number in [low, high], each equally likely. */
    record IntRange(long low, long high) implements SearchDimension {
        @Override
        public Object value(double u) {
            return Math.min(high, low + (long) Math.floor(u * (high - low + 1)));
        }

        @Override
        public String describe() {
            return "int [" + low + ", " + high + "]";
        }
    }

    /** One of the values, each equally likely. */
    record Choice(List<Object> values) implements SearchDimension {
        @Override
        public Object value(double u) {
            return values.get(Math.min(values.size() - 1, (int) Math.floor(u * values.size())));
        }

        @Override
        public String describe() {
            return "choice " + values;
        }
    }

    /** {@code value} to {@link #DIGITS} significant digits, kept within the bounds the rounding may cross. */
    private static double rounded(double value, double low, double high) {
        double short4 = new BigDecimal(value).round(DIGITS).doubleValue();
        return Math.max(low, Math.min(high, short4));
    }
}
