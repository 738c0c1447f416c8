package org.selfreg.infra.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RungForecastTest {

    private static SortedMap<Integer, Double> curve(double... values) {
        SortedMap<Integer, Double> curve = new TreeMap<>();
        for (int e = 0; e < values.length; e++) {
            curve.put(e + 1, values[e]);
        }
        return curve;
    }

    /**
     * Three trials; b ends best (best so far 0.7) but is last at epoch 1. Worked by hand: at epoch 1 the ranks are
     * (a 3, b 1, c 2) against (2, 3, 1) at the end, Pearson's r of the ranks -0.5; from epoch 2 on the order is final.
     */
    @Test
    void theTrialThatEndsBestIsRankedByItsBestSoFarAtEachEpoch() {
        Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
        curves.put("a", curve(0.5, 0.5, 0.6));
        curves.put("b", curve(0.1, 0.7, 0.6));
        curves.put("c", curve(0.3, 0.2, 0.4));
        RungForecast forecast = RungForecast.of(curves).orElseThrow();
        assertEquals(List.of(1, 2, 3), forecast.epochs());
        assertEquals(3, forecast.bestTrialRank(1));
        assertEquals(1, forecast.bestTrialRank(2), "b's 0.7 at epoch 2 stays its best");
        assertEquals(-0.5, forecast.spearman(1), 1e-12);
        assertEquals(1.0, forecast.spearman(2), 1e-12);
        String table = forecast.table(3);
        assertTrue(table.contains("| 1 | 3 | no | -0.50 |"), table);
        assertTrue(table.contains("| 2 | 1 | yes | 1.00 |"), table);
    }

    @Test
    void tiesTakeTheirAverageRankAsSciPysRankdata() {
        assertArrayEquals(new double[] {1, 2.5, 4, 2.5}, RungForecast.ranks(new double[] {0.1, 0.2, 0.3, 0.2}));
        Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
        curves.put("a", curve(0.0, 0.5));
        curves.put("b", curve(0.0, 0.6));
        curves.put("c", curve(0.0, 0.7));
        assertTrue(Double.isNaN(RungForecast.of(curves).orElseThrow().spearman(1)), "all tied: no ranking at all");
    }

    @Test
    void onlyTrialsValidatedAtTheSameEpochsAreComparedAndAtLeastThreeAreNeeded() {
        Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
        curves.put("a", curve(0.1, 0.2, 0.3));
        curves.put("b", curve(0.2, 0.3, 0.4));
        curves.put("short", curve(0.9, 0.9));
        curves.put("unmeasured", curve(Double.NaN, 0.5, 0.6));
        assertFalse(RungForecast.of(curves).isPresent(), "two comparable trials are too few");
        curves.put("c", curve(0.3, 0.1, 0.2));
        RungForecast forecast = RungForecast.of(curves).orElseThrow();
        assertEquals(3, forecast.trials());
        assertEquals(List.of(1, 2, 3), forecast.epochs());
    }

    @Test
    void aLongRunIsTabledAtEveryEarlyEpochThenAboutTenMore() {
        Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
        for (int t = 0; t < 3; t++) {
            double[] values = new double[30];
            for (int e = 0; e < 30; e++) {
                values[e] = (t + 1) * (e + 1) / 100.0;
            }
            curves.put("t" + t, curve(values));
        }
        String table = RungForecast.of(curves).orElseThrow().table(3);
        assertTrue(table.contains("\n| 10 | 1 |") && table.contains("\n| 12 | 1 |") && table.contains("\n| 30 | 1 |"),
                table);
        assertFalse(table.contains("\n| 11 |"), table);
        assertEquals(2 + 10 + 10, table.split("\n").length, table);
    }
}
