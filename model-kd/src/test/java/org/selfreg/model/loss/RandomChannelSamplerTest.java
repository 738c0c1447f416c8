package org.selfreg.model.loss;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomChannelSamplerTest {

    @Test
    void drawsDistinctIndicesInRange() {
        RandomChannelSampler sampler = new RandomChannelSampler(new Random(42));
        for (int round = 0; round < 50; round++) {
            int[] picked = sampler.sample(16, 5);
            assertEquals(5, picked.length);
            assertEquals(5, Arrays.stream(picked).distinct().count());
            assertTrue(Arrays.stream(picked).allMatch(i -> i >= 0 && i < 16));
        }
    }

    @Test
    void drawsAFreshOrderOnEveryCallAndRepeatsForTheSameSeed() {
        RandomChannelSampler a = new RandomChannelSampler(new Random(5));
        RandomChannelSampler b = new RandomChannelSampler(new Random(5));
        Set<String> orders = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            int[] fromA = a.sample(8, 8);
            assertArrayEquals(fromA, b.sample(8, 8));
            orders.add(Arrays.toString(fromA));
        }
        assertNotEquals(1, orders.size(), "a full-size sample is a random permutation, not the identity");
    }

    @Test
    void rejectsMoreIndicesThanChannels() {
        assertThrows(IllegalArgumentException.class, () -> new RandomChannelSampler(new Random()).sample(3, 4));
    }
}
