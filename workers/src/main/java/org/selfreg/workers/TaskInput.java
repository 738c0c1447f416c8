package org.selfreg.workers;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Typed, validated access to a Conductor task's input map.
 *
 * <p>A missing or malformed value is an input error ({@link InvalidInputException}): the worker ends the task with
 * FAILED_WITH_TERMINAL_ERROR, because retrying the same input cannot succeed. The same rules read a sweep file's
 * sections on the command line ({@link #section}), so a bad sweep fails there before any server starts.
 */
public final class TaskInput {

    private static final String FIX_WORKFLOW_INPUT = "fix the workflow input and start the workflow again";

    private final String where;
    private final String remedy;
    private final Map<String, Object> values;

    private TaskInput(String where, String remedy, Map<String, Object> values) {
        this.where = where;
        this.remedy = remedy;
        this.values = values == null ? Map.of() : values;
    }

    /** Reads the input of the task named {@code taskName}. */
    public static TaskInput of(String taskName, Map<String, Object> values) {
        return new TaskInput("input of " + taskName, FIX_WORKFLOW_INPUT, values);
    }

    /**
     * Reads values that do not come from a task, e.g. a section of a sweep file.
     *
     * @param where  where the values were found, completing "'key' in the ...", e.g. {@code section 'trial' of x.yaml}
     * @param remedy what the user does about a bad value, e.g. {@code fix the sweep file}
     */
    public static TaskInput section(String where, String remedy, Map<String, Object> values) {
        return new TaskInput(where, remedy, values);
    }

    /** Other values read as a part of these, e.g. {@code derived("for grid point seed=2", trialConfig)}. */
    public TaskInput derived(String qualifier, Map<String, Object> derivedValues) {
        return new TaskInput(where + " " + qualifier, remedy, derivedValues);
    }

    /**
     * Fails on the first key that is not in {@code known}, naming the closest known key: a misspelt key would
     * otherwise be ignored and its default used without a word.
     *
     * @return this input, for chaining
     */
    public TaskInput requireOnly(Collection<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                String hint = KnownKeys.closest(key, known).map(k -> "did you mean '" + k + "'? ").orElse("");
                throw new UnknownKeyException(key, "'" + key + "' in the " + where + " is not a known key; " + hint
                        + "the known keys are " + new TreeSet<>(known) + ": " + remedy);
            }
        }
        return this;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public String string(String key) {
        Object value = require(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw invalid(key, "must be a non-empty string, got " + describe(value));
        }
        return s;
    }

    public URI s3Uri(String key) {
        String text = string(key);
        URI uri = URI.create(text);
        if (!"s3".equals(uri.getScheme())) {
            throw invalid(key, "must be an s3:// URI, got '" + text + "'");
        }
        return uri;
    }

    public double number(String key) {
        return toDouble(key, require(key));
    }

    public double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    public int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        double value = number(key);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw invalid(key, "must be a whole number, got " + value);
        }
        return (int) value;
    }

    public long longValue(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        double value = number(key);
        if (value != Math.rint(value)) {
            throw invalid(key, "must be a whole number, got " + value);
        }
        return (long) value;
    }

    /** A boolean: JSON true/false or the strings "true"/"false". */
    public boolean flag(String key, boolean fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw invalid(key, "must be true or false, got '" + value + "'");
    }

    /** A nested object, read with the same rules. */
    @SuppressWarnings("unchecked")
    public TaskInput object(String key) {
        Object value = require(key);
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(key, "must be an object, got " + describe(value));
        }
        return new TaskInput(where + "." + key, remedy, (Map<String, Object>) map);
    }

    /** A nested object, or an empty one when absent. */
    public TaskInput objectOrEmpty(String key) {
        return has(key) ? object(key) : new TaskInput(where + "." + key, remedy, Map.of());
    }

    public List<Double> numbers(String key) {
        Object value = require(key);
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid(key, "must be a non-empty list of numbers, got " + describe(value));
        }
        return list.stream().map(v -> toDouble(key, v)).toList();
    }

    public List<String> strings(String key) {
        Object value = require(key);
        if (!(value instanceof List<?> list) || list.isEmpty()
                || !list.stream().allMatch(v -> v instanceof String s && !s.isBlank())) {
            throw invalid(key, "must be a non-empty list of non-empty strings, got " + describe(value));
        }
        return list.stream().map(String.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> objects(String key) {
        Object value = require(key);
        if (!(value instanceof List<?> list)) {
            throw invalid(key, "must be a list of objects, got " + describe(value));
        }
        return (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        Object value = require(key);
        if (!(value instanceof Map<?, ?>)) {
            throw invalid(key, "must be an object, got " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    /** The raw input values. */
    public Map<String, Object> values() {
        return values;
    }

    private Object require(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw invalid(key, "is missing");
        }
        return value;
    }

    private double toDouble(String key, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a number, got '" + s + "'");
            }
        }
        throw invalid(key, "must be a number, got " + describe(value));
    }

    /** An input error about the values as a whole (e.g. a range check across keys), saying where and what to do. */
    public InvalidInputException invalid(String problem) {
        return new InvalidInputException("the " + where + " " + problem + ": " + remedy);
    }

    /** An input error about {@code key}, saying where it was found and what to do. */
    public InvalidInputException invalid(String key, String problem) {
        return new InvalidInputException("'" + key + "' in the " + where + " " + problem + ": " + remedy);
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }
}
