package org.selfreg.infra.compare;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Short names for the configurations of a comparison: only the params whose values differ between them
 * ({@code lambdaIntra=0.015 lambdaInter=0}), since a sweep's configurations share most of their ~20 params and a label
 * of every param buries the one that changes. The full configurations go into a table of their own.
 */
final class ConfigurationLabels {

    static final String INTRA = "lambdaIntra";
    static final String INTER = "lambdaInter";
    /** How a blank or missing value reads, so that {@code pretrained=} does not look like a cut-off label. */
    static final String NONE = "(none)";

    private ConfigurationLabels() {
    }

    /** A label for each configuration, unique among them. */
    static Map<SortedMap<String, String>, String> of(Collection<SortedMap<String, String>> configurations) {
        List<String> keys = differingKeys(configurations);
        boolean oneLambda = configurations.stream().allMatch(c -> c.containsKey(INTRA)
                && c.get(INTRA).equals(c.get(INTER)));
        Map<SortedMap<String, String>, String> labels = new LinkedHashMap<>();
        for (SortedMap<String, String> configuration : configurations) {
            List<String> parts = new ArrayList<>();
            for (String key : keys) {
                if (oneLambda && key.equals(INTER)) {
                    continue;
                }
                String name = oneLambda && key.equals(INTRA) ? "lambda" : key;
                parts.add(name + "=" + value(configuration, key));
            }
            labels.put(configuration, parts.isEmpty() ? "every trial" : String.join(" ", parts));
        }
        return labels;
    }

    /** Every param of a configuration, for the table that spells out what a short label stands for. */
    static String full(SortedMap<String, String> configuration) {
        List<String> parts = new ArrayList<>();
        configuration.keySet().forEach(key -> parts.add(key + "=" + value(configuration, key)));
        return String.join(", ", parts);
    }

    /**
     * The keys to name configurations by, lambdas first: those whose values differ, or the lambdas when nothing
     * differs (a single configuration), so that a label is never empty.
     */
    private static List<String> differingKeys(Collection<SortedMap<String, String>> configurations) {
        TreeSet<String> all = new TreeSet<>();
        configurations.forEach(c -> all.addAll(c.keySet()));
        List<String> differing = all.stream()
                .filter(key -> configurations.stream().map(c -> value(c, key)).distinct().count() > 1).toList();
        List<String> keys = new ArrayList<>();
        for (String lambda : List.of(INTRA, INTER)) {
            if (differing.contains(lambda) || differing.isEmpty() && all.contains(lambda)) {
                keys.add(lambda);
            }
        }
        differing.stream().filter(key -> !keys.contains(key)).forEach(keys::add);
        return keys;
    }

    private static String value(Map<String, String> configuration, String key) {
        String value = configuration.get(key);
        return value == null || value.isBlank() ? NONE : value;
    }
}
