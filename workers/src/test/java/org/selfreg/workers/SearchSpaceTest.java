package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.selfreg.dataprep.InvalidInputException;

class SearchSpaceTest {

    private static final Map<String, Object> SPACE = Map.of(
            "lambdaIntra", Map.of("log", List.of(0.001, 0.15)),
            "baseLr", Map.of("range", List.of(0.005, 0.02)),
            "batchSize", Map.of("choice", List.of(4, 8)),
            "baseWidth", Map.of("int", List.of(8, 10)));

    @ParameterizedTest
    @ValueSource(strings = {"random", "sobol"})
    void theSameSeedDrawsTheSamePointsAndAnotherSeedOthers(String method) {
        List<Map<String, Object>> points = points(method, 16, 7, SPACE);
        assertEquals(16, points.size());
        assertEquals(points, points(method, 16, 7, SPACE));
        assertNotEquals(points, points(method, 16, 8, SPACE));
        assertEquals(16, new TreeSet<>(points.stream().map(Object::toString).toList()).size(), "all points differ");
    }

    /** The points do not depend on the order of the space's keys, which a JSON round trip need not keep. */
    @Test
    void theOrderOfTheSpaceDoesNotMatter() {
        Map<String, Object> reversed = new LinkedHashMap<>();
        List.of("baseWidth", "batchSize", "baseLr", "lambdaIntra").forEach(k -> reversed.put(k, SPACE.get(k)));
        assertEquals(points("sobol", 8, 3, SPACE), points("sobol", 8, 3, reversed));
        assertEquals(List.of("baseLr", "baseWidth", "batchSize", "lambdaIntra"),
                List.copyOf(points("sobol", 1, 3, reversed).get(0).keySet()));
    }

    /**
     * Pinned values: a change of algorithm would silently change every search sweep's trial keys. Both start at the
     * same point because Sobol's first point is the origin and its shift is the seed's first random draw.
     */
    @Test
    void theDrawnValuesArePinned() {
        Map<String, Object> space = Map.of("lambdaIntra", Map.of("log", List.of(0.001, 0.15)));
        assertEquals(List.of(0.03891, 0.003177, 0.01112),
                points("sobol", 3, 7, space).stream().map(p -> p.get("lambdaIntra")).toList());
        assertEquals(List.of(0.03891, 0.04268, 0.005727),
                points("random", 3, 7, space).stream().map(p -> p.get("lambdaIntra")).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "sobol"})
    void valuesStayInTheirRangesAndTheLogScaleCoversEachDecade(String method) {
        List<Map<String, Object>> points = points(method, 64, 1, SPACE);
        int[] decades = new int[3];
        for (Map<String, Object> point : points) {
            double lambda = (Double) point.get("lambdaIntra");
            double lr = (Double) point.get("baseLr");
            assertTrue(lambda >= 0.001 && lambda <= 0.15 && lr >= 0.005 && lr <= 0.02, point.toString());
            assertTrue(Set.of(4, 8).contains(point.get("batchSize")), point.toString());
            assertTrue(Set.of(8L, 9L, 10L).contains(point.get("baseWidth")), point.toString());
            decades[Math.min(2, (int) Math.floor(Math.log10(lambda / 0.001)))]++;
        }
        // Uniform in the logarithm: about as many points in [0.001, 0.01) as in [0.01, 0.1); a linear range would
        // put 6 % of them in the first decade.
        assertTrue(decades[0] >= 20 && decades[1] >= 20, Arrays.toString(decades));
    }

    @Test
    void sobolPointsAreEvenerThanRandomOnes() {
        Map<String, Object> space = Map.of("baseLr", Map.of("range", List.of(0.0, 1.0)));
        assertTrue(largestGap(points("sobol", 16, 5, space)) < largestGap(points("random", 16, 5, space)));
        assertTrue(largestGap(points("sobol", 16, 5, space)) <= 0.0625 + 1e-3);
    }

    @Test
    void anEmptySectionIsNoSearch() {
        SearchSpace none = SearchSpace.of(TaskInput.of("test.search", Map.of()), TrialGrid.KEYS);
        assertTrue(none.isEmpty());
        assertEquals(List.of(Map.of()), none.points());
    }

    @Test
    void mistakesNameTheKeyAndWhereItIs() {
        assertMistake(Map.of("method", "grid", "trials", 4, "space", SPACE), "'method'", "[random, sobol]");
        assertMistake(Map.of("method", "sobol", "trials", 0, "space", SPACE), "'trials'", "at least 1");
        assertMistake(Map.of("method", "sobol", "trials", 4, "space", Map.of()), "'space'", "at least one");
        assertMistake(Map.of("method", "sobol", "trial", 4, "space", SPACE), "'trial'", "did you mean 'trials'");
        assertMistake(Map.of("method", "sobol", "trials", 4, "space", Map.of("lamdaIntra", Map.of("log",
                List.of(0.1, 1)))), "'lamdaIntra'", "did you mean 'lambdaIntra'");
        assertMistake(space(Map.of("log", List.of(0, 0.15))), "'log' in the input of test.search.space.lambdaIntra",
                "positive low bound");
        assertMistake(space(Map.of("range", List.of(0.2, 0.1))), "'range'", "low < high");
        assertMistake(space(Map.of("int", List.of(1, 2.5))), "'int'", "whole-number bounds");
        assertMistake(space(Map.of("choice", List.of())), "'choice'", "non-empty list");
        assertMistake(space(Map.of("lgo", List.of(1, 2))), "'lgo'", "did you mean 'log'");
        assertMistake(space(Map.of("log", List.of(1, 2), "range", List.of(1, 2))), "lambdaIntra", "exactly one");
        assertMistake(space(List.of(0.1, 0.2)), "'lambdaIntra'", "{log: [low, high]}");
    }

    private static Map<String, Object> space(Object lambdaIntra) {
        return Map.of("method", "sobol", "trials", 4, "space", Map.of("lambdaIntra", lambdaIntra));
    }

    private static void assertMistake(Map<String, Object> search, String... expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SearchSpace.of(TaskInput.of("test.search", search), TrialGrid.KEYS));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    private static double largestGap(List<Map<String, Object>> points) {
        double[] values = points.stream().mapToDouble(p -> (Double) p.get("baseLr")).sorted().toArray();
        double gap = Math.max(values[0], 1 - values[values.length - 1]);
        for (int i = 1; i < values.length; i++) {
            gap = Math.max(gap, values[i] - values[i - 1]);
        }
        return gap;
    }

    static List<Map<String, Object>> points(String method, int trials, long seed, Map<String, Object> space) {
        return SearchSpace.of(TaskInput.of("test.search", Map.of("method", method, "trials", trials, "seed", seed,
                "space", space)), TrialGrid.KEYS).points();
    }
}
