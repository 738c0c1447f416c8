package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CaseSplitTest {

    private static final List<String> BTCV = IntStream.rangeClosed(1, 40)
            .filter(i -> i < 11 || i > 20)
            .mapToObj(i -> String.format("case%04d", i))
            .toList();

    @Test
    void referenceSplitIsTransUNetsListsInTheirOrder() {
        CaseSplit split = CaseSplit.of(BTCV, PreprocessConfig.synapseReference(), "raw");
        assertEquals(18, split.train().size());
        assertEquals(List.of("case0008", "case0022", "case0038", "case0036", "case0032", "case0002", "case0029",
                "case0003", "case0001", "case0004", "case0025", "case0035"), split.test());
        assertTrue(split.val().isEmpty());
        Set<String> all = new HashSet<>(split.train());
        all.addAll(split.test());
        assertEquals(new HashSet<>(BTCV), all);
    }

    @Test
    void seededSplitIsDisjointCompleteAndReproducible() {
        PreprocessConfig config = PreprocessConfig.synapseDefaults().withSplit(3, 6, 9);
        List<String> shuffledInput = new ArrayList<>(BTCV);
        Collections.reverse(shuffledInput);
        CaseSplit a = CaseSplit.of(BTCV, config, "raw");
        CaseSplit b = CaseSplit.of(shuffledInput, config, "raw");
        assertEquals(a, b, "the split depends on the case names and the seed, not on listing order");
        assertEquals(21, a.train().size());
        assertEquals(3, a.val().size());
        assertEquals(6, a.test().size());
        Set<String> all = new HashSet<>(a.train());
        all.addAll(a.val());
        all.addAll(a.test());
        assertEquals(30, all.size());
        assertNotEquals(a, CaseSplit.of(BTCV, config.withSplit(3, 6, 10), "raw"));
    }
}
