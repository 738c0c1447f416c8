package org.selfreg.workers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's grid: each key maps to the values to try, and the trials are every combination.
 *
 * <p>{@code lambda} is the reference's single weight (lambda_intra = lambda_inter); {@code lambdaIntra} and
 * {@code lambdaInter} are the paper's lambda1 and lambda2 varied separately. Any other trial hyperparameter (seed,
 * baseLr, epochs, ...) may be varied the same way.
 */
public final class TrialGrid {

    /** The single-lambda shorthand. */
    public static final String LAMBDA = "lambda";
    /** The weights {@link #LAMBDA} sets. */
    private static final List<String> LAMBDA_WEIGHTS = List.of("lambdaIntra", "lambdaInter");

    private TrialGrid() {
    }

    /** Every key a grid may vary: {@link #LAMBDA} and the trial hyperparameters. */
    public static final Set<String> KEYS = keys();

    /** Every combination of the grid, in the grid's key order (the last key varies fastest). */
    public static List<Map<String, Object>> expand(TaskInput grid) {
        grid.requireOnly(KEYS);
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object> axis : grid.values().entrySet()) {
            String key = axis.getKey();
            List<?> values = axis.getValue() instanceof List<?> list ? list : List.of(axis.getValue());
            if (values.isEmpty()) {
                throw grid.invalid(key, "has no values: give at least one");
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (Object value : values) {
                    Map<String, Object> extended = new LinkedHashMap<>(point);
                    extended.put(key, value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    private static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(TrialSpec.withDefaults(Map.of()).keySet());
        keys.add(LAMBDA);
        keys.add(TrialSpec.FOLD);
        return Collections.unmodifiableSet(keys);
    }

    /** The trial hyperparameters a grid point sets, with {@code lambda} spelled out as both weights. */
    public static Map<String, Object> trialValues(Map<String, Object> point) {
        Map<String, Object> values = new LinkedHashMap<>();
        point.forEach((key, value) -> {
            if (key.equals(LAMBDA)) {
                LAMBDA_WEIGHTS.forEach(weight -> values.put(weight, value));
            } else {
                values.put(key, value);
            }
        });
        return values;
    }

    /** The trial hyperparameters that varying {@code keys} sets: {@code lambda} stands for both weights. */
    public static Set<String> trialKeys(Collection<String> keys) {
        Set<String> trialKeys = new LinkedHashSet<>();
        for (String key : keys) {
            if (key.equals(LAMBDA)) {
                trialKeys.addAll(LAMBDA_WEIGHTS);
            } else {
                trialKeys.add(key);
            }
        }
        return trialKeys;
    }

    /** A trial's full configuration: the sweep's shared hyperparameters, then the grid point's, then defaults. */
    public static Map<String, Object> trialConfig(Map<String, Object> shared, Map<String, Object> point) {
        Map<String, Object> config = new LinkedHashMap<>(shared);
        config.putAll(trialValues(point));
        return TrialSpec.withDefaults(config);
    }

    /** A short human label of a grid point, e.g. {@code lambda=0.01 seed=2}. */
    public static String label(Map<String, Object> point) {
        if (point.isEmpty()) {
            return "default";
        }
        List<String> parts = new ArrayList<>();
        point.forEach((key, value) -> parts.add(key + "=" + plain(value)));
        return String.join(" ", parts);
    }

    private static String plain(Object value) {
        if (value instanceof Number n && !(value instanceof Long) && !(value instanceof Integer)) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}
