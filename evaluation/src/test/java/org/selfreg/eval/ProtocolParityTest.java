package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.DatasetDescription.LabelRule;
import org.selfreg.dataprep.DatasetDescription.Protocol;
import org.selfreg.dataprep.TestVolume;

/**
 * The paper rules of the ACDC and UCTransNet protocols against golden values of their reference code (medpy in unit
 * voxels; UCTransNet's {@code dice_coef} and scikit-learn's {@code jaccard_score}), written by
 * src/test/python/make_metric_fixtures.py.
 */
class ProtocolParityTest {

    private static final DatasetDescription ACDC = new DatasetDescription("acdc", List.of("background", "RV cavity"),
            1, 3, LabelRule.CLASS_MAP, Protocol.ACDC);
    static final DatasetDescription GLAS = new DatasetDescription("glas", List.of("background", "gland"), 3, 2,
            LabelRule.INSTANCE_MAP, Protocol.UCTRANSNET);
    private static final String IMAGES = "/metrics/uctransnet/";

    record ImageCase(String name, int h, int w, double dice, double iou) {
        byte[] prediction() {
            return Fixtures.bytes(IMAGES + name + "_a.u8");
        }

        byte[] truth() {
            return Fixtures.bytes(IMAGES + name + "_b.u8");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MedpyParityTest.MetricCase> volumeCases() {
        return MedpyParityTest.cases();
    }

    static Stream<ImageCase> imageCases() {
        return Fixtures.text(IMAGES + "cases.txt").lines().filter(l -> !l.isBlank()).map(line -> {
            String[] f = line.trim().split("\\s+");
            return new ImageCase(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("volumeCases")
    void acdcPaperRuleMatchesSelfRegAcdcUtils(MedpyParityTest.MetricCase c) {
        double[] expected = acdcValues().get(c.name());
        byte[] truth = Fixtures.bytes("/metrics/" + c.name() + "_b.u8");
        TestVolume volume = new TestVolume(c.name(), c.d(), c.h(), c.w(), new float[truth.length], truth,
                Volumes.AFFINE, new double[] {c.spacing()[2], c.spacing()[1], c.spacing()[0]});
        ClassMetrics m = ProtocolScorer.score(ACDC, volume, Fixtures.bytes("/metrics/" + c.name() + "_a.u8"),
                MetricMode.PAPER).classes().getFirst();
        assertEquals("RV cavity", m.className());
        assertClose(expected[0], m.dice(), "dice");
        assertClose(expected[1], m.hd95(), "hd95 in unit voxels");
        assertClose(expected[2], m.jaccard(), "jaccard");
        assertClose(expected[3], m.assd(), "assd in unit voxels");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void uctransnetPaperRuleMatchesItsDiceAndScikitLearnsJaccard(ImageCase c) {
        ClassMetrics m = ProtocolScorer.score(GLAS, image(c), c.prediction(), MetricMode.PAPER).classes().getFirst();
        assertClose(c.dice(), m.dice(), "dice");
        assertClose(c.iou(), m.jaccard(), "iou");
        assertTrue(Double.isNaN(m.hd95()) && Double.isNaN(m.assd()), "the protocol has no distances");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void correctedImageRuleIsExactAndLeavesOutImagesWithNothingInEither(ImageCase c) {
        ClassMetrics m = ProtocolScorer.score(GLAS, image(c), c.prediction(), MetricMode.CORRECTED)
                .classes().getFirst();
        if (m.predictedVoxels() == 0 && m.truthVoxels() == 0) {
            assertTrue(Double.isNaN(m.dice()) && Double.isNaN(m.jaccard()), "both empty is left out");
        } else {
            BinaryMask a = BinaryMask.ofNonZero(c.prediction(), 1, c.h(), c.w());
            BinaryMask b = BinaryMask.ofNonZero(c.truth(), 1, c.h(), c.w());
            assertEquals(Dice.of(a, b), m.dice(), 1e-15);
            assertEquals(Jaccard.of(a, b), m.jaccard(), 1e-15);
            assertClose(c.iou(), m.jaccard(), "exact IoU is scikit-learn's where a mask is non-empty");
        }
    }

    private static TestVolume image(ImageCase c) {
        return new TestVolume(c.name(), 1, 3, c.h(), c.w(), new float[3 * c.h() * c.w()], c.truth(), Volumes.AFFINE,
                new double[] {1, 1, 1}, null);
    }

    private static Map<String, double[]> acdcValues() {
        return Fixtures.text("/metrics/acdc.txt").lines().filter(l -> !l.isBlank()).map(l -> l.trim().split("\\s+"))
                .collect(Collectors.toMap(f -> f[0], f -> Stream.of(f).skip(1).mapToDouble(Double::parseDouble)
                        .toArray()));
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-9 + 1e-12, what);
    }
}
