package org.selfreg.workers;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Typed, validated access to a Conductor task's input map.
 *
 * <p>A missing or malformed value is an input error ({@link InvalidInputException}): the worker ends the task with
 * FAILED_WITH_TERMINAL_ERROR, because retrying the same input cannot succeed.
 */
public final class TaskInput {

    private final String where;
    private final Map<String, Object> values;

    private TaskInput(String where, Map<String, Object> values) {
        this.where = where;
        this.values = values == null ? Map.of() : values;
    }

    /** Reads the input of the task named {@code taskName}. */
    public static TaskInput of(String taskName, Map<String, Object> values) {
        return new TaskInput("input of " + taskName, values);
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

    /** A nested object, read with the same rules. */
    @SuppressWarnings("unchecked")
    public TaskInput object(String key) {
        Object value = require(key);
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(key, "must be an object, got " + describe(value));
        }
        return new TaskInput(where + "." + key, (Map<String, Object>) map);
    }

    /** A nested object, or an empty one when absent. */
    public TaskInput objectOrEmpty(String key) {
        return has(key) ? object(key) : new TaskInput(where + "." + key, Map.of());
    }

    public List<Double> numbers(String key) {
        Object value = require(key);
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid(key, "must be a non-empty list of numbers, got " + describe(value));
        }
        return list.stream().map(v -> toDouble(key, v)).toList();
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

    private InvalidInputException invalid(String key, String problem) {
        return new InvalidInputException("'" + key + "' in the " + where + " " + problem
                + ": fix the workflow input and start the workflow again");
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }
}
