package org.selfreg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;

/** The run's random source draws what {@code java.util.Random} draws; its stored state is numbers, not an object. */
class RunRandomTest {

    @Test
    void drawsTheSameNumbersAsJavaUtilRandom() {
        for (long seed : new long[] {0, 1234, -7, Long.MAX_VALUE}) {
            Random expected = new Random(seed);
            RunRandom actual = new RunRandom(seed);
            assertEquals(draws(expected), draws(actual), "seed " + seed);
            List<Integer> a = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
            List<Integer> b = new ArrayList<>(a);
            Collections.shuffle(a, expected);
            Collections.shuffle(b, actual);
            assertEquals(a, b, "shuffle, seed " + seed);
        }
    }

    @Test
    void aRestoredStateContinuesWithTheSameNumbersEvenWithAGaussianPending() {
        RunRandom original = new RunRandom(42);
        draws(original);
        original.nextGaussian(); // the first of a pair: its partner is pending
        String state = original.state();
        assertTrue(state.matches("lcg48:\\d+,gaussian:\\S+"), state);
        RunRandom restored = RunRandom.fromState(state);
        assertEquals(draws(original), draws(restored));
        assertEquals(original.state(), restored.state());
    }

    @Test
    void aStateThatIsNotNumbersIsRefusedSayingWhatToDo() {
        // What format 2 stored: a Base64 serialised java.util.Random, which is never deserialised now.
        for (String state : new String[] {"rO0ABXNyABBqYXZhLnV0aWwuUmFuZG9tNjKWNEvwClMDAANa", "lcg48:281474976710656",
                "lcg48:12,gaussian:none", "", null}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> RunRandom.fromState(state));
            assertTrue(e.getMessage().contains("train afresh"), e.getMessage());
        }
    }

    private static List<Object> draws(Random random) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add(random.nextInt(1000));
            values.add(random.nextDouble());
            values.add(random.nextGaussian());
            values.add(random.nextLong());
            values.add(random.nextBoolean());
            values.add(random.nextInt());
            values.add(random.nextFloat());
        }
        return values;
    }
}
