package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;

class TrialPlanTest {

    private static final Map<String, Object> SMALL = Map.of("epochs", 2, "baseWidth", 8, "imageSize", 64);

    @Test
    void everyTrialIsResolvedAndExplicit() {
        TrialPlan plan = plan(Map.of("lambda", List.of(0, 0.1)), SMALL, Map.of("metricMode", "paper"));
        assertEquals(List.of("lambda=0", "lambda=0.1"), plan.trials().stream().map(TrialPlan.Trial::label).toList());
        TrialPlan.Trial second = plan.trials().get(1);
        assertEquals(TrialSpec.withDefaults(Map.of()).keySet(), second.config().keySet());
        assertEquals(0.1, second.train().lambdaInter());
        assertEquals(8, second.train().baseWidth());
    }

    @Test
    void evaluationOptionsArePartOfTheTrialKey() {
        TrialPlan corrected = plan(Map.of("seed", List.of(1)), SMALL, Map.of());
        TrialPlan paper = plan(Map.of("seed", List.of(1)), SMALL, Map.of("metricMode", "paper"));
        String a = corrected.key(corrected.trials().get(0), "digest", "code", reference -> null);
        assertEquals(a, corrected.key(corrected.trials().get(0), "digest", "code", reference -> null));
        assertNotEquals(a, paper.key(paper.trials().get(0), "digest", "code", reference -> null));
    }

    @Test
    void aTypoInTheSharedTrialValuesIsNamed() {
        Map<String, Object> typo = new LinkedHashMap<>(SMALL);
        typo.put("epoch", 3);
        UnknownKeyException e = assertThrows(UnknownKeyException.class, () -> plan(Map.of("lambda", List.of(0)),
                typo, Map.of()));
        assertEquals("epoch", e.key());
        assertTrue(e.getMessage().contains("did you mean 'epochs'?"), e.getMessage());
    }

    @Test
    void aValueTheBackboneCannotTakeNamesTheGridPoint() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> plan(Map.of("imageSize", List.of(64, 60)), SMALL, Map.of()));
        assertTrue(e.getMessage().contains("grid point imageSize=60") && e.getMessage().contains("imageSize must be"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> plan(Map.of("lambda", List.of(0)), Map.of("preset", "swin-readme"), Map.of()));
        assertTrue(e.getMessage().contains("swin-readme"), e.getMessage());
    }

    @Test
    void absurdSweepsAreRefusedBeforeAnyTrialIsRead() {
        List<Integer> seeds = IntStream.range(0, TrialPlan.MAX_TRIALS + 1).boxed().toList();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> plan(Map.of("seed", seeds), SMALL, Map.of()));
        assertTrue(e.getMessage().contains("split it into several sweeps"), e.getMessage());
    }

    @Test
    void eachSearchPointIsTriedWithEachGridPointAndItsValuesAreInTheKey() {
        Map<String, Object> search = Map.of("method", "sobol", "trials", 3, "seed", 7,
                "space", Map.of("lambdaIntra", Map.of("log", List.of(0.001, 0.15))));
        TrialPlan plan = searchPlan(Map.of("seed", List.of(1, 2)), search, SMALL);
        assertEquals(List.of("lambdaIntra=0.03891 seed=1", "lambdaIntra=0.03891 seed=2",
                "lambdaIntra=0.003177 seed=1", "lambdaIntra=0.003177 seed=2",
                "lambdaIntra=0.01112 seed=1", "lambdaIntra=0.01112 seed=2"),
                plan.trials().stream().map(TrialPlan.Trial::label).toList());
        assertEquals(0.003177, plan.trials().get(2).train().lambdaIntra());
        List<String> keys = plan.trials().stream().map(t -> plan.key(t, "digest", "code", reference -> null)).toList();
        assertEquals(6, new HashSet<>(keys).size());
        TrialPlan again = searchPlan(Map.of("seed", List.of(1, 2)), search, SMALL);
        assertEquals(keys, again.trials().stream().map(t -> again.key(t, "digest", "code", reference -> null))
                .toList());
    }

    @Test
    void aSearchAloneNeedsNoGridButAKeyInBothIsRefused() {
        Map<String, Object> search = Map.of("method", "random", "trials", 2,
                "space", Map.of("lambdaIntra", Map.of("log", List.of(0.001, 0.15))));
        assertEquals(2, searchPlan(Map.of(), search, SMALL).trials().size());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> searchPlan(Map.of("lambda", List.of(0.1)), search, SMALL));
        assertTrue(e.getMessage().contains("'lambda' in the input of test.grid is also varied by the search"),
                e.getMessage());
        List<Integer> seeds = IntStream.range(0, TrialPlan.MAX_TRIALS / 2 + 1).boxed().toList();
        e = assertThrows(InvalidInputException.class, () -> searchPlan(Map.of("seed", seeds), search, SMALL));
        assertTrue(e.getMessage().contains("with the search's points"), e.getMessage());
    }

    private static TrialPlan plan(Map<String, Object> grid, Map<String, Object> trial, Map<String, Object> evaluation) {
        return TrialPlan.of(TaskInput.of("test.grid", grid), TaskInput.of("test.search", Map.of()),
                TaskInput.of("test.trial", trial), TaskInput.of("test.evaluation", evaluation));
    }

    private static TrialPlan searchPlan(Map<String, Object> grid, Map<String, Object> search,
                                        Map<String, Object> trial) {
        return TrialPlan.of(TaskInput.of("test.grid", grid), TaskInput.of("test.search", search),
                TaskInput.of("test.trial", trial), TaskInput.of("test.evaluation", Map.of()));
    }
}
