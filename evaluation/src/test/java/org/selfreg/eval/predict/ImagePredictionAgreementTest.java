package org.selfreg.eval.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.ImagePrepConfig;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.ProgressListener;
import org.selfreg.dataprep.synthetic.HistologyGenerator;
import org.selfreg.eval.NearestResize;
import org.selfreg.model.TrainConfig;

/**
 * The 2-D side of agreement: a model trained on a prepared GlaS-like image dataset (RGB, sigmoid head), evaluated as
 * the evaluation worker does, then packaged and run by prediction on a raw PNG test image. Evaluation exports the mask
 * at the network's size; prediction brings it to the image's own size by nearest neighbour, and nothing else differs.
 */
class ImagePredictionAgreementTest {

    private static final int SIZE = 32;

    @TempDir
    Path tmp;

    @Test
    void predictionOfATestImageIsTheEvaluationsExportedMaskAtTheImagesSize() throws IOException {
        Path images = tmp.resolve("GlaS");
        HistologyGenerator.writeImageFolders(images, HistologyGenerator.Style.GLAS, 6, 2, 2, 5);
        PreparedDataset dataset = new Preprocessor().prepareImages(images, InputLayout.IMAGE_FOLDERS,
                tmp.resolve("prepared"), new ImagePrepConfig(SIZE, ImagePrepConfig.TEN_PERCENT, 7, ""), ProgressListener.NONE);
        EvaluatedCheckpoint trained = EvaluatedCheckpoint.train(dataset,
                new TrainConfig(0, 0, 2, 4, 0.01, 0.9, 1e-4, 4, 2, SIZE, 3, 0.4, 0.6), tmp.resolve("trial"));

        Path out = tmp.resolve("predicted");
        new BatchPredictor(List.of(trained.model()), TestTimeAugmentation.NONE)
                .predict(images.resolve("Test_Folder/img/1.png"), out, (done, total, file) -> { });

        byte[] exported = pixels(ImageIO.read(trained.exported("test_1", "_pred.png").toFile()));
        assertEquals(2, IntStream.range(0, exported.length).map(i -> exported[i]).distinct().count(),
                "foreground and background, so that the masks compared are not trivially empty");
        BufferedImage predicted = ImageIO.read(out.resolve("1.png").toFile());
        assertEquals(List.of(HistologyGenerator.WIDTH, HistologyGenerator.HEIGHT),
                List.of(predicted.getWidth(), predicted.getHeight()), "the image's own size");
        assertArrayEquals(NearestResize.resize(exported, SIZE, SIZE, HistologyGenerator.HEIGHT,
                HistologyGenerator.WIDTH), pixels(predicted));
    }

    /** The grey values of a one-band image, row by row. */
    private static byte[] pixels(BufferedImage image) {
        Raster raster = image.getRaster();
        byte[] out = new byte[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out[y * image.getWidth() + x] = (byte) raster.getSample(x, y, 0);
            }
        }
        return out;
    }
}
