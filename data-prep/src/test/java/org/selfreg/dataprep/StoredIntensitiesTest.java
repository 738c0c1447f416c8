package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiPlaneReader;
import org.selfreg.dataprep.nifti.NiftiReader;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;

/** Windowed planes, tabulated by code or not, must have the bits of clipping and scaling each decoded value. */
class StoredIntensitiesTest {

    private static final int NX = 9;
    private static final int NY = 4;
    private static final int NZ = 3;
    private static final double LO = -125;
    private static final double HI = 275;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = NiftiDataType.class, names = {"INT8", "UINT8", "INT16", "UINT16", "INT32", "FLOAT32"})
    void givesTheBitsOfClipThenScale(NiftiDataType type) {
        float[] hu = new float[NX * NY * NZ];
        float[] edges = {-1024, -126, -125, -124, 0, 100, 274, 275, 276, 3000, -0.0f, 127};
        for (int i = 0; i < hu.length; i++) {
            float e = edges[i % edges.length];
            hu[i] = type == NiftiDataType.UINT8 || type == NiftiDataType.UINT16 ? Math.abs(e) % 256
                    : type == NiftiDataType.INT8 ? Math.max(-128, Math.min(127, e)) : e;
        }
        Path file = tmp.resolve("ct-" + type + ".nii.gz");
        NiftiWriter.write(file, new NiftiVolume(NX, NY, NZ, hu, Affines.identity(), type), type);
        float[] decoded = NiftiReader.read(file).data();
        try (NiftiPlaneReader in = NiftiPlaneReader.open(file)) {
            StoredIntensities intensities = new StoredIntensities(file, in.decoder(), LO, HI, in.planeSize());
            StoredIntensities.Scratch scratch = intensities.newScratch();
            byte[] stored = new byte[in.planeBytes()];
            float[] windowed = new float[hu.length];
            for (int z = 0; z < NZ; z++) {
                in.readStoredPlane(stored);
                intensities.toWindowed(stored, in.planeSize(), scratch, windowed, z * in.planeSize(),
                        (long) z * in.planeSize());
            }
            for (int i = 0; i < hu.length; i++) {
                double v = decoded[i];
                float want = (float) (((v < LO ? LO : v > HI ? HI : v) - LO) / (HI - LO));
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(windowed[i]), type + " voxel " + i);
            }
        }
    }

    @Test
    void namesTheFileAndVoxelOfANonFiniteValue() {
        float[] hu = new float[NX * NY * NZ];
        hu[NX * NY + 5] = Float.POSITIVE_INFINITY;
        Path file = tmp.resolve("broken.nii.gz");
        NiftiWriter.write(file, new NiftiVolume(NX, NY, NZ, hu, Affines.identity(), NiftiDataType.FLOAT32),
                NiftiDataType.FLOAT32);
        try (NiftiPlaneReader in = NiftiPlaneReader.open(file)) {
            StoredIntensities intensities = new StoredIntensities(file, in.decoder(), LO, HI, in.planeSize());
            byte[] stored = new byte[in.planeBytes()];
            in.readStoredPlane(stored);
            in.readStoredPlane(stored);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> intensities.toWindowed(stored,
                    in.planeSize(), intensities.newScratch(), new float[in.planeSize()], 0, in.planeSize()));
            assertTrue(e.getMessage().contains("broken.nii.gz") && e.getMessage().contains("Infinity")
                    && e.getMessage().contains("voxel " + (NX * NY + 5)), e.getMessage());
        }
    }
}
