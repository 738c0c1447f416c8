package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.DatasetDescription.LabelRule;
import org.selfreg.dataprep.DatasetDescription.Protocol;
import org.selfreg.dataprep.TestVolume;

/** A binary 2-D dataset end to end: UCTransNet's metrics, native-resolution extras, PNG masks and overlays. */
class ImageEvaluationTest {

    private static final DatasetDescription NUCLEI = new DatasetDescription("nuclei",
            List.of("background", "nucleus"), 1, 2, LabelRule.BINARY_MASK, Protocol.UCTRANSNET);
    private static final int H = 8;
    private static final int W = 10;

    @TempDir
    Path tmp;

    @Test
    void binaryImagesAreScoredByTheirProtocolAndExportedAsPngs() throws IOException {
        Path dataset = tmp.resolve("dataset");
        Files.createDirectories(dataset.resolve("test_vol"));
        image("img01").write(dataset.resolve("test_vol/img01.npz"));
        Path out = tmp.resolve("out");
        EvaluationReport report = new Evaluator().evaluate(dataset, NUCLEI, List.of("img01"),
                new LabelEchoPredictor(H, W, 2), ModelSelection.onValidation(List.of("best")),
                EvaluationOptions.defaults(), out);

        assertEquals(1.0, report.meanDice());
        assertEquals(1.0, report.meanJaccard());
        assertEquals(1.0, report.meanDiceNative(), "the native mask is the truth upsampled by 2");
        assertTrue(Double.isNaN(report.meanHd95()), "UCTransNet's protocol has no HD95");

        String md = Files.readString(out.resolve(ReportFormats.MARKDOWN));
        assertTrue(md.contains("**Mean DSC 1.0000, mean IoU 1.0000**"), md);
        assertTrue(md.contains("not comparable with published numbers"), md);
        assertTrue(md.contains("| 1 | nucleus |"), md);
        assertFalse(md.contains("HD95"), md);

        Map<String, Double> metrics = ReportMetrics.of(report, "");
        assertEquals(1.0, metrics.get("mean_iou"));
        assertEquals(1.0, metrics.get("iou_nucleus"));
        assertEquals(1.0, metrics.get("native_dice_nucleus"));
        assertFalse(metrics.containsKey("mean_hd95"), metrics.toString());

        BufferedImage mask = ImageIO.read(out.resolve("predictions/img01_pred.png").toFile());
        assertEquals(W, mask.getWidth());
        assertEquals(255, mask.getRaster().getSample(3, 2, 0), "binary foreground is 255");
        assertEquals(0, mask.getRaster().getSample(0, 0, 0));
        BufferedImage overlay = ImageIO.read(out.resolve("predictions/img01_overlay.png").toFile());
        assertEquals(3 * W, overlay.getWidth());
        assertEquals(H, overlay.getHeight());
        assertEquals(0xFFFFFF, overlay.getRGB(3, 2) & 0xFFFFFF, "the input panel shows the grey image");
        assertTrue((overlay.getRGB(2 * W + 3, 2) >> 8 & 0xFF) > (overlay.getRGB(2 * W + 3, 2) & 0xFF),
                "the prediction panel tints the foreground");
        assertFalse(Files.exists(out.resolve("predictions/img01_pred.nii.gz")), "no NIfTI for 2-D images");
    }

    @Test
    void anRgbImageIsDrawnInColour() {
        float[] rgb = new float[3 * 4];
        rgb[0] = 1f; // red channel of pixel 0
        TestVolume image = new TestVolume("rgb", 1, 3, 2, 2, rgb, new byte[4], Volumes.AFFINE,
                new double[] {1, 1, 1}, null);
        BufferedImage overlay = PngPredictionExporter.overlay(image, new byte[4]);
        assertEquals(0xFF0000, overlay.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x000000, overlay.getRGB(1, 0) & 0xFFFFFF);
    }

    private static TestVolume image(String name) {
        byte[] label = new byte[H * W];
        for (int y = 1; y < 5; y++) {
            for (int x = 2; x < 7; x++) {
                label[y * W + x] = 1;
            }
        }
        byte[] nativeLabel = new byte[4 * H * W];
        for (int y = 0; y < 2 * H; y++) {
            for (int x = 0; x < 2 * W; x++) {
                nativeLabel[y * 2 * W + x] = label[(y / 2) * W + x / 2];
            }
        }
        return new TestVolume(name, 1, 1, H, W, LabelEchoPredictor.imageFor(label, 2), label, Volumes.AFFINE,
                new double[] {1, 1, 1}, new TestVolume.NativeMask(2 * H, 2 * W, nativeLabel));
    }
}
