package org.selfreg.dataprep.nifti;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.selfreg.dataprep.InvalidInputException;

/** Parity with nibabel on fixtures it wrote (src/test/python/make_nifti_fixtures.py), and rejection of bad files. */
class NiftiReaderTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(NiftiReaderTest.class.getResource("/nifti/" + name).toURI());
    }

    static JsonNode expected() throws Exception {
        return new ObjectMapper().readTree(fixture("expected.json").toFile());
    }

    static Stream<String> fixtures() throws Exception {
        List<String> names = new ArrayList<>();
        expected().fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesNibabel(String name) throws Exception {
        JsonNode want = expected().get(name);
        NiftiVolume v = NiftiReader.read(fixture(name));

        assertArrayEquals(new int[] {want.get("shape").get(0).asInt(), want.get("shape").get(1).asInt(),
            want.get("shape").get(2).asInt()}, new int[] {v.nx(), v.ny(), v.nz()});
        JsonNode data = want.get("data_zyx");
        for (int i = 0; i < data.size(); i++) {
            assertEquals(data.get(i).asDouble(), v.data()[i], 1e-4, name + " voxel " + i);
        }
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(want.get("affine").get(r).get(c).asDouble(), v.affine()[r][c], 1e-5, name + " affine");
            }
        }
        List<String> codes = new ArrayList<>();
        want.get("axcodes").forEach(n -> codes.add(n.asText()));
        assertEquals(codes, Arrays.asList(v.orientation()));
    }

    @Test
    void reportsStoredTypeAndSpacing() throws Exception {
        NiftiVolume v = NiftiReader.read(fixture("int16.nii.gz"));
        assertEquals(NiftiDataType.INT16, v.storedType());
        assertArrayEquals(new double[] {0.75, 0.75, 3.0}, v.spacing(), 1e-6);
    }

    @Test
    void rejectsFourDimensionalImages() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NiftiReader.read(fixture("four_d.nii.gz")));
        assertTrue(e.getMessage().contains("four_d.nii.gz") && e.getMessage().contains("4-D"), e.getMessage());
    }

    @Test
    void rejectsRgb() throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NiftiReader.read(fixture("rgb.nii")));
        assertTrue(e.getMessage().contains("datatype 128"), e.getMessage());
    }

    @Test
    void rejectsWrongMagic() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture("int8.nii"));
        bytes[345] = 'X';
        Path file = tmp.resolve("analyze.nii");
        Files.write(file, bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NiftiReader.read(file));
        assertTrue(e.getMessage().contains("analyze.nii") && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void rejectsTruncatedVoxelData() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture("int32.nii"));
        Path file = tmp.resolve("short.nii");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NiftiReader.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsTruncatedGzip() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture("float32.nii.gz"));
        Path file = tmp.resolve("cut.nii.gz");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NiftiReader.read(file));
        assertTrue(e.getMessage().contains("cut.nii.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void detectsGzipByContentNotName() throws Exception {
        Path misnamed = tmp.resolve("really_gzipped.nii");
        Files.copy(fixture("int16.nii.gz"), misnamed);
        assertArrayEquals(NiftiReader.read(fixture("int16.nii.gz")).data(), NiftiReader.read(misnamed).data());
    }

    @Test
    void rejectsMissingFile() {
        assertThrows(InvalidInputException.class, () -> NiftiReader.read(tmp.resolve("nope.nii.gz")));
    }

    @Test
    void rejectsNonNifti() throws IOException {
        Path file = tmp.resolve("text.nii");
        Files.writeString(file, "hello".repeat(100));
        assertThrows(InvalidInputException.class, () -> NiftiReader.read(file));
    }
}
