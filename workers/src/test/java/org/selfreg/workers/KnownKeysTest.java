package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KnownKeysTest {

    private static final List<String> KEYS = List.of("epochs", "baseWidth", "baseLr", "imageSize", "seed");

    @Test
    void distanceCountsEditsIgnoringCase() {
        assertEquals(0, KnownKeys.distance("basewidth", "baseWidth"));
        assertEquals(1, KnownKeys.distance("epoch", "epochs"));
        assertEquals(2, KnownKeys.distance("ephocs", "epochs"));
        assertEquals(4, KnownKeys.distance("", "seed"));
    }

    @Test
    void suggestsTheNearestKeyOnlyWhenItIsALikelyTypo() {
        assertEquals(Optional.of("epochs"), KnownKeys.closest("epoch", KEYS));
        assertEquals(Optional.of("baseWidth"), KnownKeys.closest("base_width", KEYS));
        assertEquals(Optional.of("seed"), KnownKeys.closest("sed", KEYS));
        assertEquals(Optional.empty(), KnownKeys.closest("momentum", KEYS));
    }
}
