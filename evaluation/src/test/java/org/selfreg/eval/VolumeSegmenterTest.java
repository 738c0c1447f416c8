package org.selfreg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.model.VolumeSegmenter;
import org.selfreg.model.image.Zoom;

class VolumeSegmenterTest {

    @Test
    void segmentsAtNativeSizeWithoutResampling() {
        TestVolume volume = Volumes.boxes("case0001", 5, 20, 24);
        LabelEchoPredictor model = new LabelEchoPredictor(20, 24, 9);
        byte[] prediction = new VolumeSegmenter(model, 2).segment(volume);
        assertArrayEquals(volume.label(), prediction);
        assertEquals(List.of(2, 2, 1), model.batchSizes);
    }

    @Test
    void resizesEachSliceToTheModelAndBack() {
        TestVolume volume = Volumes.boxes("case0001", 3, 20, 24);
        byte[] prediction = new VolumeSegmenter(new LabelEchoPredictor(16, 16, 9), 4).segment(volume);
        int sliceSize = 20 * 24;
        for (int z = 0; z < 3; z++) {
            float[] slice = new float[sliceSize];
            System.arraycopy(volume.image(), z * sliceSize, slice, 0, sliceSize);
            byte[] expected = Zoom.zoomLabels(
                    new LabelEchoPredictor(16, 16, 9).predict(Zoom.zoom(slice, 20, 24, 16, 16, 3), 1), 16, 16, 20, 24);
            byte[] actual = new byte[sliceSize];
            System.arraycopy(prediction, z * sliceSize, actual, 0, sliceSize);
            assertArrayEquals(expected, actual, "slice " + z);
        }
        double dice = Dice.of(BinaryMask.ofClass(prediction, 3, 20, 24, 1),
                BinaryMask.ofClass(volume.label(), 3, 20, 24, 1));
        assertTrue(dice > 0.8, "a large organ survives the zoom round trip, dice " + dice);
    }

    @Test
    void batchSizeDoesNotChangeTheResult() {
        TestVolume volume = Volumes.boxes("case0001", 7, 20, 24);
        byte[] one = new VolumeSegmenter(new LabelEchoPredictor(12, 14, 9), 1).segment(volume);
        byte[] many = new VolumeSegmenter(new LabelEchoPredictor(12, 14, 9), 5).segment(volume);
        assertArrayEquals(one, many);
    }

    @Test
    void rejectsNaNIntensitiesNamingTheCase() {
        TestVolume volume = Volumes.boxes("case0007", 3, 8, 8);
        volume.image()[70] = Float.NaN;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new VolumeSegmenter(new LabelEchoPredictor(8, 8, 9), 2).segment(volume));
        assertTrue(e.getMessage().contains("case0007") && e.getMessage().contains("slice 1"), e.getMessage());
    }

    @Test
    void rejectsAModelThatAnswersWithTheWrongSize() {
        TestVolume volume = Volumes.boxes("case0001", 2, 8, 8);
        LabelEchoPredictor shortAnswers = new LabelEchoPredictor(8, 8, 9) {
            @Override
            public byte[] predict(float[] slices, int count) {
                return new byte[count];
            }
        };
        assertThrows(InvalidInputException.class, () -> new VolumeSegmenter(shortAnswers, 2).segment(volume));
    }
}
