package org.selfreg.model.augment;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SliceAugmenterTest {

    private static Slice numbered(int side) {
        float[] image = new float[side * side];
        byte[] label = new byte[side * side];
        for (int i = 0; i < image.length; i++) {
            image[i] = i + 1;
            label[i] = (byte) (i % 100 + 1);
        }
        return new Slice(side, side, image, label);
    }

    @Test
    void appliesTheSameGeometryToImageAndLabel() {
        Slice input = numbered(8);
        Random random = new Random(3);
        SliceAugmenter augmenter = new SliceAugmenter(random, 8);
        for (int round = 0; round < 40; round++) {
            Slice out = augmenter.augment(input);
            for (int i = 0; i < out.image().length; i++) {
                byte expected = out.image()[i] == 0 ? 0 : (byte) (((int) out.image()[i] - 1) % 100 + 1);
                assertEquals(expected, out.label()[i], "pixel " + i);
            }
        }
    }

    /** About half rot90+flip (a permutation), a quarter rotation (zeros at corners), a quarter untouched. */
    @Test
    void choosesBranchesWithTheReferenceProbabilities() {
        Slice input = numbered(16);
        SliceAugmenter augmenter = new SliceAugmenter(new Random(11), 16);
        int unchanged = 0;
        int permuted = 0;
        int rotated = 0;
        float[] sorted = input.image().clone();
        for (int round = 0; round < 2000; round++) {
            Slice out = augmenter.augment(input);
            float[] values = out.image().clone();
            Arrays.sort(values);
            if (Arrays.equals(out.image(), input.image())) {
                unchanged++;
            } else if (Arrays.equals(values, sorted)) {
                permuted++;
            } else {
                rotated++;
            }
        }
        // Rotations by 0 degrees and rot90(0)+flip land in other buckets, hence the loose bounds.
        assertTrue(permuted > 900 && permuted < 1100, "rot90 + flip " + permuted);
        assertTrue(rotated > 400 && rotated < 560, "rotation " + rotated);
        assertTrue(unchanged > 420 && unchanged < 580, "unchanged " + unchanged);
    }

    @Test
    void isReproducibleForASeed() {
        Slice input = numbered(8);
        SliceAugmenter a = new SliceAugmenter(new Random(5), 8);
        SliceAugmenter b = new SliceAugmenter(new Random(5), 8);
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 10; round++) {
            float[] fromA = a.augment(input).image();
            assertArrayEquals(fromA, b.augment(input).image());
            seen.add(Arrays.toString(fromA));
        }
        assertTrue(seen.size() > 1);
    }

    @Test
    void zoomsOtherSizesToTheTrainingSize() {
        Slice out = SliceAugmenter.resize(numbered(8), 16);
        assertEquals(16, out.height());
        assertEquals(16, out.width());
        assertEquals(256, out.label().length);
    }
}
