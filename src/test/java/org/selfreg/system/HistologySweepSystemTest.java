package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.synthetic.HistologyGenerator;
import org.selfreg.eval.predict.BatchPredictor;
import org.selfreg.eval.predict.PredictionSummary;
import org.selfreg.eval.predict.TestTimeAugmentation;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.model.TrainConfig;

/**
 * A tiny MoNuSeg sweep through the real local stack: generated RGB images in UCTransNet's folders (TIFF test images,
 * a validation folder, 0/255 masks) are prepared, a shrunk {@code unet-monuseg} trial trains with three input
 * channels and the sigmoid head, and evaluation scores Dice and IoU per image (and at native resolution) under the
 * dataset's class names, with PNG masks and overlays as artifacts; the trial's packaged model then segments the test
 * images again, offline, at their native size.
 */
class HistologySweepSystemTest {

    @Test
    void aTinyMonusegSweepTrainsTheBinaryRgbProtocolAndScoresEveryImage() throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "system-test")).toAbsolutePath();
        Path images = Files.createDirectories(Files.createTempDirectory(workDir, "data-").resolve("MoNuSeg"));
        HistologyGenerator.writeImageFolders(images, HistologyGenerator.Style.MONUSEG, 6, 2, 3, 11);
        Map<String, Object> dataset = Map.of("source", "raw", "path", images.toString(), "layout", "image-folders",
                "size", 32);
        Map<String, Object> trial = Map.of("preset", "unet-monuseg", "epochs", 2, "baseWidth", 4, "imageSize", 32,
                "batchSize", 4, "patience", 0);
        SweepRequest request = new SweepRequest("selfreg-monuseg-system-test", "monuseg-tiny", dataset,
                SweepRequest.lambdaGrid(List.of(0.015)), trial, Map.of());

        FinishedSweep sweep = FinishedSweep.run(request, workDir);

        assertEquals(List.of("3", TrainConfig.SIGMOID, "2"), List.of(sweep.params().get("channels"),
                sweep.params().get("head"), sweep.params().get("classes")), sweep.params()::toString);
        assertTrue(sweep.metrics().containsAll(Set.of("mean_dice", "mean_iou", "dice_nucleus", "native_dice",
                "val_dice")), sweep.metrics()::toString);
        assertFalse(sweep.metrics().stream().anyMatch(m -> m.contains("hd95") || m.contains("spleen")),
                () -> "no distance metric and no Synapse organ for MoNuSeg: " + sweep.metrics());
        for (String suffix : List.of("_pred.png", "_overlay.png")) {
            assertEquals(3, sweep.artifacts().stream().filter(k -> k.endsWith(suffix)).count(),
                    () -> "one " + suffix + " per test image: " + sweep.artifacts());
        }
        assertEquals(new DatasetDescription("monuseg", List.of("background", "nucleus"), 3, 2,
                DatasetDescription.LabelRule.BINARY_MASK, DatasetDescription.Protocol.UCTRANSNET),
                sweep.manifest().description());

        // The trial's model, as export-model fetches it, segments new images at their own size, offline.
        Path out = workDir.resolve("predicted-" + System.nanoTime());
        PredictionSummary summary = new BatchPredictor(List.of(sweep.model()), TestTimeAugmentation.NONE)
                .predict(images.resolve("Test_Folder/img"), out, (done, total, file) -> { });
        assertEquals(3, summary.files());
        try (Stream<Path> files = Files.list(out)) {
            List<Path> masks = files.filter(f -> f.toString().endsWith(".png")).toList();
            assertEquals(3, masks.size(), masks::toString);
            BufferedImage mask = ImageIO.read(masks.getFirst().toFile());
            assertEquals(List.of(HistologyGenerator.WIDTH, HistologyGenerator.HEIGHT),
                    List.of(mask.getWidth(), mask.getHeight()), "the image's own size");
        }
    }
}
