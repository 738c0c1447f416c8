package org.selfreg.dataprep.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.ReferencePython;

class NiftiWriterTest {

    @TempDir
    Path tmp;

    /** 12° in-plane rotation, anisotropic voxels and a flipped z axis (qfac -1), as in formats.md's writer test. */
    static double[][] obliqueAffine() {
        double a = Math.toRadians(12);
        double[] zoom = {0.8, 0.7, -2.5};
        double[][] rot = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] m = new double[4][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[r][c] = rot[r][c] * zoom[c];
            }
        }
        m[0][3] = -20.5;
        m[1][3] = 10.25;
        m[2][3] = 33;
        m[3][3] = 1;
        return m;
    }

    static NiftiVolume ramp(double[][] affine, float scale, float offset) {
        float[] data = new float[5 * 4 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * scale + offset;
        }
        return new NiftiVolume(5, 4, 3, data, affine, NiftiDataType.FLOAT32);
    }

    @ParameterizedTest
    @EnumSource(NiftiDataType.class)
    void roundTripsEveryType(NiftiDataType type) {
        NiftiVolume v = ramp(obliqueAffine(), 1, type.isInteger() && type.name().startsWith("U") ? 0 : -20);
        Path file = tmp.resolve(type + ".nii.gz");
        NiftiWriter.write(file, v, type);
        NiftiVolume back = NiftiReader.read(file);
        assertEquals(type, back.storedType());
        assertArrayEquals(v.data(), back.data());
        assertTrue(Affines.approximatelyEqual(v.affine(), back.affine(), 1e-5));
    }

    @Test
    void roundsToIntegerTypes() {
        NiftiVolume v = ramp(Affines.identity(), 0.4f, 0);
        Path file = tmp.resolve("rounded.nii");
        NiftiWriter.write(file, v, NiftiDataType.INT16);
        float[] back = NiftiReader.read(file).data();
        for (int i = 0; i < back.length; i++) {
            assertEquals(Math.rint(v.data()[i]), back[i]);
        }
    }

    @Test
    void qformEncodesTheSameAffineAsSform() throws Exception {
        Path file = tmp.resolve("oblique.nii");
        NiftiWriter.write(file, ramp(obliqueAffine(), 1, 0), NiftiDataType.FLOAT32);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0);
        Path qformOnly = tmp.resolve("qform_only.nii");
        Files.write(qformOnly, bytes);
        double[][] fromQform = NiftiReader.read(qformOnly).affine();
        assertTrue(Affines.approximatelyEqual(obliqueAffine(), fromQform, 1e-5),
                Arrays.deepToString(fromQform));
    }

    @Test
    void rejectsValuesOutsideTheStoredType() {
        NiftiVolume v = ramp(Affines.identity(), 100, 0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> NiftiWriter.write(tmp.resolve("u8.nii"), v, NiftiDataType.UINT8));
        assertTrue(e.getMessage().contains("UINT8"), e.getMessage());
    }

    @Test
    void equalVolumesGiveIdenticalGzipFiles() throws Exception {
        NiftiVolume v = ramp(obliqueAffine(), 1, 0);
        NiftiWriter.write(tmp.resolve("a.nii.gz"), v, NiftiDataType.INT16);
        NiftiWriter.write(tmp.resolve("b.nii.gz"), v, NiftiDataType.INT16);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.nii.gz")), Files.readAllBytes(tmp.resolve("b.nii.gz")));
    }

    @Test
    void nibabelReadsWhatWeWrite() throws Exception {
        Path file = tmp.resolve("check.nii.gz");
        NiftiWriter.write(file, ramp(obliqueAffine(), 1, -20), NiftiDataType.INT16);
        String out = ReferencePython.run("""
                import json, sys, numpy as np, nibabel as nib
                img = nib.load(sys.argv[1])
                h = img.header
                q, qc = img.get_qform(coded=True)
                s, sc = img.get_sform(coded=True)
                assert qc == 1 and sc == 1, (qc, sc)
                assert np.allclose(q, s, atol=1e-5), (q, s)
                assert h.get_xyzt_units() == ('mm', 'sec'), h.get_xyzt_units()
                assert img.get_data_dtype() == np.int16
                d = img.get_fdata()
                print(json.dumps({"sum": float(d.sum()), "codes": "".join(nib.aff2axcodes(img.affine)),
                                  "zooms": [float(z) for z in h.get_zooms()], "affine": img.affine.tolist()}))
                """, file.toString());
        JsonNode got = new ObjectMapper().readTree(out);
        double[][] a = obliqueAffine();
        assertEquals(570, got.get("sum").asDouble(), 1e-9, "sum of i - 20 for i in 0..59");
        assertEquals(String.join("", Affines.axisCodes(a)), got.get("codes").asText());
        double[] zooms = {0.8, 0.7, 2.5};
        for (int i = 0; i < 3; i++) {
            assertEquals(zooms[i], got.get("zooms").get(i).asDouble(), 1e-6);
        }
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(a[r][c], got.get("affine").get(r).get(c).asDouble(), 1e-5);
            }
        }
    }
}
