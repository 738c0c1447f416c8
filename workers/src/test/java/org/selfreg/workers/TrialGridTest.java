package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;

class TrialGridTest {

    @Test
    void expandsEveryCombinationWithTheLastKeyFastest() {
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("lambda", List.of(0, 0.1));
        grid.put("seed", List.of(1, 2, 3));
        List<Map<String, Object>> points = TrialGrid.expand(TaskInput.of("test", grid));
        assertEquals(6, points.size());
        assertEquals(Map.of("lambda", 0, "seed", 1), points.get(0));
        assertEquals(Map.of("lambda", 0.1, "seed", 3), points.get(5));
        assertEquals("lambda=0.1 seed=3", TrialGrid.label(points.get(5)));
    }

    @Test
    void singleLambdaSetsBothWeights() {
        assertEquals(Map.of("lambdaIntra", 0.015, "lambdaInter", 0.015),
                TrialGrid.trialValues(Map.of("lambda", 0.015)));
    }

    @Test
    void gridPointOverridesSharedValuesAndDefaultsFillTheRest() {
        Map<String, Object> config = TrialGrid.trialConfig(Map.of("epochs", 3, "lambdaIntra", 0.5),
                Map.of("lambda", 0.01));
        assertEquals(0.01, config.get("lambdaIntra"));
        assertEquals(0.01, config.get("lambdaInter"));
        assertEquals(3, config.get("epochs"));
        assertEquals(TrialSpec.withDefaults(Map.of()).keySet(), config.keySet());
    }

    @Test
    void rejectsUnknownKeysAndEmptyAxes() {
        UnknownKeyException typo = assertThrows(UnknownKeyException.class,
                () -> TrialGrid.expand(TaskInput.of("test", Map.of("lamda", List.of(1)))));
        assertTrue(typo.getMessage().contains("did you mean 'lambda'?"), typo.getMessage());
        assertThrows(InvalidInputException.class, () -> TrialGrid.expand(TaskInput.of("test", Map.of("seed", List.of()))));
    }

    @Test
    void trialKeyDependsOnConfigurationDataAndCode() {
        Map<String, Object> trial = TrialSpec.withDefaults(Map.of("lambdaIntra", 0.01, "lambdaInter", 0.01));
        String key = TrialSpec.key(trial, "digest-a", "code-1");
        assertEquals(key, TrialSpec.key(new LinkedHashMap<>(trial), "digest-a", "code-1"));
        assertEquals(16, key.length());
        assertNotEquals(key, TrialSpec.key(trial, "digest-b", "code-1"));
        assertNotEquals(key, TrialSpec.key(trial, "digest-a", "code-2"));
        assertNotEquals(key, TrialSpec.key(TrialSpec.withDefaults(Map.of("lambdaIntra", 0.02)), "digest-a", "code-1"));
    }
}
