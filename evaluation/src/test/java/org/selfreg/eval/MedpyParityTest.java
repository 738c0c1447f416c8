package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares the metrics with medpy golden values written by src/test/python/make_metric_fixtures.py. */
class MedpyParityTest {

    private static final String DIR = "/metrics/";
    private static final double RELATIVE = 1e-6;

    record MetricCase(String name, int d, int h, int w, double[] spacing, double dice, double jaccard,
                      double hd95, double monaiHd95, double hausdorff, double assd,
                      double paperDice, double paperHd95) {
        BinaryMask prediction() {
            return BinaryMask.ofNonZero(Fixtures.bytes(DIR + name + "_a.u8"), d, h, w);
        }

        BinaryMask truth() {
            return BinaryMask.ofNonZero(Fixtures.bytes(DIR + name + "_b.u8"), d, h, w);
        }

        boolean bothNonEmpty() {
            return !Double.isNaN(hd95);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MetricCase> cases() {
        return Fixtures.text(DIR + "cases.txt").lines().filter(l -> !l.isBlank()).map(line -> {
            String[] f = line.trim().split("\\s+");
            double[] v = new double[f.length - 4];
            for (int i = 4; i < f.length; i++) {
                v[i - 4] = f[i].equals("nan") ? Double.NaN : Double.parseDouble(f[i]);
            }
            return new MetricCase(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    new double[] {v[0], v[1], v[2]}, v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
        });
    }

    static Stream<MetricCase> nonEmptyCases() {
        return cases().filter(MetricCase::bothNonEmpty);
    }

    static Stream<MetricCase> emptyCases() {
        return cases().filter(c -> !c.bothNonEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void overlapMatchesMedpy(MetricCase c) {
        assertClose(c.dice(), Dice.of(c.prediction(), c.truth()), "dice");
        assertClose(c.jaccard(), Jaccard.of(c.prediction(), c.truth()), "jaccard");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonEmptyCases")
    void surfaceDistancesMatchMedpy(MetricCase c) {
        SurfaceDistances sd = SurfaceDistances.between(c.prediction(), c.truth(), c.spacing());
        assertClose(c.hd95(), sd.hd95(), "hd95");
        assertClose(c.monaiHd95(), sd.monaiHd95(), "monai hd95");
        assertClose(c.hausdorff(), sd.hausdorff(), "hausdorff");
        assertClose(c.assd(), sd.assd(), "assd");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyCases")
    void surfaceDistancesRejectEmptyMasksLikeMedpy(MetricCase c) {
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceDistances.between(c.prediction(), c.truth(), c.spacing()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void paperModeMatchesReferenceCalculateMetricPercase(MetricCase c) {
        ClassMetrics m = ClassScorer.score(1, "spleen", c.prediction(), c.truth(), MetricMode.PAPER, c.spacing());
        assertClose(c.paperDice(), m.dice(), "paper dice");
        assertClose(c.paperHd95(), m.hd95(), "paper hd95");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void correctedModeUsesSpacingAndMarksUndefinedMetricsNaN(MetricCase c) {
        ClassMetrics m = ClassScorer.score(2, "right kidney", c.prediction(), c.truth(), MetricMode.CORRECTED, c.spacing());
        assertEquals("right kidney", m.className());
        if (c.bothNonEmpty()) {
            assertClose(c.hd95(), m.hd95(), "corrected hd95");
            assertClose(c.dice(), m.dice(), "corrected dice");
        } else {
            assertTrue(Double.isNaN(m.hd95()), "hd95 must be NaN when a mask is empty");
            assertEquals(m.absentInTruth(), Double.isNaN(m.dice()), "dice is NaN exactly when the class is absent");
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        double tolerance = expected == 0.0 ? 1e-12 : Math.abs(expected) * RELATIVE;
        assertEquals(expected, actual, tolerance, what);
    }
}
