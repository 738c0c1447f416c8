package org.selfreg.workers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * A sweep's {@code search} section: {@code trials} points drawn over ranges rather than a grid.
 * <pre>
 * search:
 *   method: sobol            # or random
 *   trials: 8
 *   seed: 7
 *   space:
 *     lambdaIntra: {log: [0.001, 0.15]}
 *     baseLr: {range: [0.005, 0.05]}
 *     batchSize: {choice: [4, 8]}
 * </pre>
 *
 * <p>The points are a function of the section alone, the same on every machine: dimensions are drawn in the order of
 * their names (not of the file, whose key order a JSON round trip need not keep), {@code random} uses
 * {@link Random}, whose algorithm the JDK specifies, and {@code sobol} uses commons-math3's Sobol sequence (Joe and
 * Kuo's direction numbers) shifted by a seeded offset modulo 1 (a Cranley-Patterson rotation): two seeds give two
 * different point sets of the same evenness, and the sequence's first point, the origin, no longer sits on every
 * range's low corner. Since the
 * points are explicit before trial keys are taken, a rerun of the same section draws the same points, gets the same
 * keys and reuses the finished trials.
 */
public final class SearchSpace {

    /** The keys of the section. */
    public static final Set<String> KEYS = Set.of("method", "trials", "seed", "space");
    /** The methods, as written in a sweep file. */
    public static final List<String> METHODS = List.of("random", "sobol");

    private final String method;
    private final int trials;
    private final long seed;
    private final Map<String, SearchDimension> space;

    private SearchSpace(String method, int trials, long seed, Map<String, SearchDimension> space) {
        this.method = method;
        this.trials = trials;
        this.seed = seed;
        this.space = space;
    }

    /**
     * Reads a {@code search} section; an empty section means no search (a plain grid).
     *
     * @param keys the hyperparameters a dimension may vary ({@link TrialGrid#KEYS})
     * @throws org.selfreg.dataprep.InvalidInputException naming the key, where it was found and what to do
     */
    public static SearchSpace of(TaskInput search, Set<String> keys) {
        if (search.values().isEmpty()) {
            return new SearchSpace("none", 0, 0, Map.of());
        }
        search.requireOnly(KEYS);
        String method = search.string("method");
        if (!METHODS.contains(method)) {
            throw search.invalid("method", "must be one of " + METHODS + ", got '" + method + "'");
        }
        int trials = search.integer("trials", 0);
        if (trials < 1) {
            throw search.invalid("trials", "must be a whole number of at least 1 (how many points to draw)");
        }
        TaskInput spaceInput = search.object("space");
        spaceInput.requireOnly(keys);
        if (spaceInput.values().isEmpty()) {
            throw search.invalid("space", "must name at least one hyperparameter, e.g."
                    + " {lambdaIntra: {log: [0.001, 0.15]}}");
        }
        Map<String, SearchDimension> space = new TreeMap<>();
        for (String key : spaceInput.values().keySet()) {
            if (!(spaceInput.values().get(key) instanceof Map<?, ?>)) {
                throw spaceInput.invalid(key, "must be {range: [low, high]}, {log: [low, high]}, {int: [low, high]}"
                        + " or {choice: [a, b, ...]}, got " + spaceInput.values().get(key));
            }
            space.put(key, SearchDimension.of(spaceInput.object(key)));
        }
        return new SearchSpace(method, trials, search.longValue("seed", 0), Collections.unmodifiableMap(space));
    }

    /** Whether there is a search (otherwise the sweep is a plain grid). */
    public boolean isEmpty() {
        return space.isEmpty();
    }

    /** The hyperparameters the search varies. */
    public Set<String> keys() {
        return space.keySet();
    }

    /** The points drawn, each a map from hyperparameter to value in name order; one empty point for no search. */
    public List<Map<String, Object>> points() {
        if (isEmpty()) {
            return List.of(Map.of());
        }
        List<Map<String, Object>> points = new ArrayList<>();
        for (double[] unit : unitPoints()) {
            Map<String, Object> point = new LinkedHashMap<>();
            int d = 0;
            for (Map.Entry<String, SearchDimension> dimension : space.entrySet()) {
                point.put(dimension.getKey(), dimension.getValue().value(unit[d++]));
            }
            points.add(Collections.unmodifiableMap(point));
        }
        return List.copyOf(points);
    }

    /** The search in words, e.g. {@code sobol, 8 points from seed 7 over baseLr range [0.005, 0.05]}. */
    public String describe() {
        if (isEmpty()) {
            return "none (a grid)";
        }
        List<String> dimensions = new ArrayList<>();
        space.forEach((key, dimension) -> dimensions.add(key + " " + dimension.describe()));
        return method + ", " + trials + (trials == 1 ? " point" : " points") + " from seed " + seed + " over "
                + String.join(", ", dimensions);
    }

    private List<double[]> unitPoints() {
        int dimensions = space.size();
        Random random = new Random(seed);
        List<double[]> points = new ArrayList<>();
        if (method.equals("random")) {
            for (int i = 0; i < trials; i++) {
                double[] point = new double[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    point[d] = random.nextDouble();
                }
                points.add(point);
            }
            return points;
        }
        double[] shift = new double[dimensions];
        for (int d = 0; d < dimensions; d++) {
            shift[d] = random.nextDouble();
        }
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(dimensions);
        for (int i = 0; i < trials; i++) {
            double[] point = sobol.nextVector();
            for (int d = 0; d < dimensions; d++) {
                double shifted = point[d] + shift[d];
                point[d] = shifted >= 1 ? shifted - 1 : shifted;
            }
            points.add(point);
        }
        return points;
    }
}
