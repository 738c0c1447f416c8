package org.selfreg.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares {@link Zoom} with scipy.ndimage.zoom fixtures written by src/test/python/make_zoom_fixtures.py. */
class ZoomTest {

    private static final String DIR = "/image/zoom/";

    record ZoomCase(String name, int h, int w, int outH, int outW, int order) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ZoomCase> cases() {
        String manifest = new String(read("cases.txt"), StandardCharsets.UTF_8);
        return manifest.lines().filter(l -> !l.isBlank()).map(l -> {
            String[] f = l.trim().split("\\s+");
            return new ZoomCase(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesScipy(ZoomCase c) {
        float[] src = readFloats(c.name() + "_in.f32");
        float[] expected = readFloats(c.name() + "_out.f32");
        float[] actual = Zoom.zoom(src, c.h(), c.w(), c.outH(), c.outW(), c.order());
        assertEquals(expected.length, actual.length);
        if (c.order() == 0) {
            assertArrayEquals(expected, actual, c.name());
        } else {
            assertArrayEquals(expected, actual, 1e-5f, c.name());
        }
    }

    static Stream<ZoomCase> nearestCases() {
        return cases().filter(c -> c.order() == 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearestCases")
    void labelZoomMatchesScipyNearest(ZoomCase c) {
        float[] src = readFloats(c.name() + "_in.f32");
        float[] expected = readFloats(c.name() + "_out.f32");
        byte[] labels = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            labels[i] = (byte) src[i];
        }
        byte[] actual = Zoom.zoomLabels(labels, c.h(), c.w(), c.outH(), c.outW());
        for (int i = 0; i < expected.length; i++) {
            assertEquals((byte) expected[i], actual[i], c.name() + " at " + i);
        }
    }

    @Test
    void downsampling512To224LeavesLastRowAndColumnAtZeroLikeScipy() {
        float[] ones = new float[512 * 512];
        Arrays.fill(ones, 1f);
        float[] out = Zoom.zoom(ones, 512, 512, 224, 224, 3);
        assertEquals(1f, out[0], 1e-6f);
        assertEquals(0f, out[223]);
        assertEquals(0f, out[223 * 224]);
        assertEquals(1f, out[222 * 224 + 222], 1e-6f);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Zoom.zoom(new float[6], 2, 3, 4, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> Zoom.zoom(new float[5], 2, 3, 4, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> Zoom.zoom(new float[6], 2, 3, 0, 4, 3));
    }

    private static float[] readFloats(String file) {
        ByteBuffer buf = ByteBuffer.wrap(read(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[buf.remaining() / Float.BYTES];
        buf.asFloatBuffer().get(out);
        return out;
    }

    private static byte[] read(String file) {
        try (InputStream in = ZoomTest.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + DIR + file
                        + ": run src/test/python/make_zoom_fixtures.py");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
