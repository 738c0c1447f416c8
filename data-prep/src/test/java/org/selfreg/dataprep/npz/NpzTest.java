package org.selfreg.dataprep.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.selfreg.dataprep.InvalidInputException;

class NpzTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpzTest.class.getResource("/npz/" + name).toURI());
    }

    static JsonNode expected() throws Exception {
        return new ObjectMapper().readTree(fixture("expected.json").toFile());
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"savez.npz", "savez_compressed.npz"})
    void readsWhatNumpyWrites(String file) throws Exception {
        Map<String, NpyArray> arrays = Npz.read(fixture(file));
        assertEquals(List.of("image", "label"), List.copyOf(arrays.keySet()));
        NpyArray image = arrays.get("image");
        assertEquals("<f4", image.dtype());
        assertArrayEquals(new long[] {3, 4}, image.shape());
        double[] want = doubles(expected().get("image"));
        float[] got = image.asFloat32();
        for (int i = 0; i < want.length; i++) {
            assertEquals((float) want[i], got[i]);
        }
        byte[] label = arrays.get("label").asUint8();
        double[] wantLabel = doubles(expected().get("label"));
        for (int i = 0; i < wantLabel.length; i++) {
            assertEquals((int) wantLabel[i], label[i] & 0xFF);
        }
    }

    @Test
    void readsFortranOrderIntoCOrder() throws Exception {
        NpyArray volume = Npz.read(fixture("fortran.npz")).get("volume");
        assertArrayEquals(new long[] {2, 3, 4}, volume.shape());
        assertArrayEquals(doubles(expected().get("volume")), volume.asFloat64());
    }

    @Test
    void readsBigEndianArrays() throws Exception {
        Map<String, NpyArray> arrays = Npz.read(fixture("bigendian.npz"));
        double[] want = doubles(expected().get("image"));
        float[] got = arrays.get("image").asFloat32();
        for (int i = 0; i < want.length; i++) {
            assertEquals((float) want[i], got[i]);
        }
        assertEquals("<i2", arrays.get("counts").dtype());
        assertArrayEquals(doubles(expected().get("counts")), arrays.get("counts").asFloat64());
    }

    @Test
    void writesHeadersByteIdenticalToNumpy() throws Exception {
        float[] image = Npz.read(fixture("savez.npz")).get("image").asFloat32();
        assertArrayEquals(Files.readAllBytes(fixture("header_f4_3x4.npy")),
                NpyFormat.format(NpyArray.ofFloat32(image, 3, 4)));
        assertArrayEquals(Files.readAllBytes(fixture("header_u1_2x3x4.npy")),
                NpyFormat.format(NpyArray.ofUint8(new byte[24], 2, 3, 4)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void roundTripsEveryFactoryType(boolean compressed) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("f4", NpyArray.ofFloat32(new float[] {1.5f, -2f, Float.NaN, 0f, 7f, 8f}, 2, 3));
        arrays.put("f8", NpyArray.ofFloat64(new double[] {Math.PI, -1e300}, 2));
        arrays.put("u1", NpyArray.ofUint8(new byte[] {0, (byte) 200, (byte) 255}, 3));
        arrays.put("i2", NpyArray.ofInt16(new short[] {-1024, 3071}, 1, 2));
        arrays.put("i8", NpyArray.ofInt64(new long[] {Long.MIN_VALUE, 5}, 2));
        Path file = tmp.resolve("all.npz");
        Npz.write(file, arrays, compressed);

        Map<String, NpyArray> back = Npz.read(file);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        for (String key : arrays.keySet()) {
            assertEquals(arrays.get(key).dtype(), back.get(key).dtype(), key);
            assertArrayEquals(arrays.get(key).shape(), back.get(key).shape(), key);
            assertArrayEquals(arrays.get(key).rawBytes(), back.get(key).rawBytes(), key);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("f4.npy");
            assertEquals(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED, entry.getMethod());
        }
    }

    @Test
    void sameArraysGiveIdenticalBytes() throws IOException {
        Map<String, NpyArray> arrays = Map.of("image", NpyArray.ofFloat32(new float[] {1, 2, 3, 4}, 2, 2));
        Npz.write(tmp.resolve("a.npz"), arrays, true);
        Npz.write(tmp.resolve("b.npz"), arrays, true);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.npz")), Files.readAllBytes(tmp.resolve("b.npz")));
    }

    @Test
    void asUint8RejectsValuesThatAreNotClassIds() {
        assertArrayEquals(new byte[] {0, 8, (byte) 255},
                NpyArray.ofFloat32(new float[] {0, 8, 255}, 3).asUint8());
        assertThrows(InvalidInputException.class, () -> NpyArray.ofFloat32(new float[] {0, 1.5f}, 2).asUint8());
        assertThrows(InvalidInputException.class, () -> NpyArray.ofInt16(new short[] {256}, 1).asUint8());
        assertThrows(InvalidInputException.class, () -> NpyArray.ofInt64(new long[] {-1}, 1).asUint8());
        assertThrows(InvalidInputException.class, () -> NpyArray.ofFloat64(new double[] {Double.NaN}, 1).asUint8());
    }

    @Test
    void rejectsFilesThatAreNotArchives() throws IOException {
        Path bogus = tmp.resolve("bogus.npz");
        Files.writeString(bogus, "not a zip");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npz.read(bogus));
        assertTrue(e.getMessage().contains("bogus.npz"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Npz.read(tmp.resolve("missing.npz")));
    }

    @Test
    void rejectsTruncatedArrayData() throws IOException {
        byte[] npy = NpyFormat.format(NpyArray.ofFloat32(new float[16], 4, 4));
        Path file = tmp.resolve("short.npz");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("image.npy"));
            zip.write(npy, 0, npy.length - 8);
            zip.closeEntry();
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
