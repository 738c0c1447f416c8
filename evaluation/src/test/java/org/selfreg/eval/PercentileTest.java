package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentileTest {

    @Test
    void interpolatesLinearlyBetweenOrderStatistics() {
        double[] values = {4, 0, 3, 1, 2};
        assertEquals(3.8, Percentile.of(values, 95), 1e-12); // index 0.95 * 4 = 3.8
        assertEquals(0.0, Percentile.of(values, 0), 0.0);
        assertEquals(4.0, Percentile.of(values, 100), 0.0);
        assertArrayEquals(new double[] {4, 0, 3, 1, 2}, values, 0.0);
    }

    @Test
    void singleValueIsEveryPercentile() {
        assertEquals(7.5, Percentile.of(new double[] {7.5}, 95), 0.0);
    }

    @Test
    void rejectsEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> Percentile.of(new double[0], 95));
    }
}
