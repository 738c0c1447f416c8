package org.selfreg.dataprep.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;

/**
 * {@link BilinearResize} against {@code cv2.resize(..., INTER_LINEAR)}: the outputs OpenCV gave for formula inputs,
 * written by {@code src/test/python/make_resize_fixtures.py}, must match bit for bit.
 */
class ResizeParityTest {

    private static final Pattern CASE = Pattern.compile("(\\w+?)_(\\d+)x(\\d+)x(\\d+)_to_(\\d+)x(\\d+)");

    @Test
    void matchesOpenCvBitForBit() throws URISyntaxException {
        Map<String, NpyArray> expected = Npz.read(Path.of(getClass().getResource("/resize/expected.npz").toURI()));
        String version = new String(expected.get("opencv_version").asUint8(), StandardCharsets.US_ASCII);
        int cases = 0;
        for (Map.Entry<String, NpyArray> e : expected.entrySet()) {
            Matcher m = CASE.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            int channels = Integer.parseInt(m.group(2));
            int height = Integer.parseInt(m.group(3));
            int width = Integer.parseInt(m.group(4));
            int outHeight = Integer.parseInt(m.group(5));
            int outWidth = Integer.parseInt(m.group(6));
            byte[] ours = BilinearResize.resize(source(m.group(1), channels, height, width), channels, height, width,
                    outHeight, outWidth);
            byte[] theirs = e.getValue().asUint8();
            assertEquals(0, maxDifference(ours, theirs), e.getKey() + " differs from OpenCV " + version);
            assertArrayEquals(theirs, ours, e.getKey());
            cases++;
        }
        assertEquals(7, cases, "cases in the fixture");
    }

    @Test
    void keepsTheSizeAndValuesOfAnIdentityResize() {
        byte[] planes = source("texture", 3, 9, 11);
        assertArrayEquals(planes, BilinearResize.resize(planes, 3, 9, 11, 9, 11));
        assertTrue(BilinearResize.resize(new byte[] {(byte) 200}, 1, 1, 1, 5, 7)[34] == (byte) 200);
    }

    /** The formula of {@code make_resize_fixtures.py}'s {@code source}, C order [C][H][W]. */
    private static byte[] source(String kind, int channels, int height, int width) {
        byte[] planes = new byte[channels * height * width];
        int i = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int id = (x / 40 + y / 30) % 3 == 0 ? (x / 40) % 5 + 1 : 0;
                    planes[i++] = (byte) switch (kind) {
                        case "texture" -> (x + 2 * y + c * 71 + (x * y) % 5) & 0xFF;
                        case "instances" -> id;
                        default -> id > 0 ? 255 : 0;
                    };
                }
            }
        }
        return planes;
    }

    private static int maxDifference(byte[] a, byte[] b) {
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        }
        return max;
    }
}
