package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiPlaneReader;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;

/** Class ids from stored planes, tabulated or not, must be what remapping the decoded values gives. */
class StoredLabelsTest {

    private static final LabelRemap REMAP = new LabelRemap(PreprocessConfig.BTCV_TO_SYNAPSE);
    private static final int NX = 7;
    private static final int NY = 5;
    private static final int NZ = 3;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = NiftiDataType.class, names = {"UINT8", "INT16", "UINT16", "INT32", "FLOAT32"})
    void givesTheClassesOfTheDecodedValues(NiftiDataType type) {
        float[] ids = new float[NX * NY * NZ];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7) % 14;
        }
        Path file = write(type, ids);
        byte[] want = REMAP.apply(file, ids);
        byte[] got = new byte[ids.length];
        try (NiftiPlaneReader in = NiftiPlaneReader.open(file)) {
            StoredLabels labels = new StoredLabels(file, REMAP, in.decoder(), in.planeSize());
            StoredLabels.Scratch scratch = labels.newScratch();
            byte[] stored = new byte[in.planeBytes()];
            for (int z = 0; z < NZ; z++) {
                in.readStoredPlane(stored);
                labels.toClasses(stored, in.planeSize(), scratch, got, z * in.planeSize(), (long) z * in.planeSize());
            }
        }
        assertArrayEquals(want, got, type.name());
    }

    @ParameterizedTest
    @EnumSource(value = NiftiDataType.class, names = {"UINT8", "INT16", "FLOAT32"})
    void reportsTheFirstUncoveredValueAsTheRemapDoes(NiftiDataType type) {
        float[] ids = new float[NX * NY * NZ];
        int plane = NX * NY;
        ids[plane + 4] = 14;
        ids[plane + 9] = 200;
        Path file = write(type, ids);
        InvalidInputException want = assertThrows(InvalidInputException.class,
                () -> REMAP.apply(file, Arrays.copyOfRange(ids, plane, 2 * plane), plane, new byte[plane], 0, plane));
        try (NiftiPlaneReader in = NiftiPlaneReader.open(file)) {
            StoredLabels labels = new StoredLabels(file, REMAP, in.decoder(), plane);
            byte[] stored = new byte[in.planeBytes()];
            in.readStoredPlane(stored);
            in.readStoredPlane(stored);
            InvalidInputException got = assertThrows(InvalidInputException.class,
                    () -> labels.toClasses(stored, plane, labels.newScratch(), new byte[plane], 0, plane));
            assertEquals(want.getMessage(), got.getMessage());
        }
    }

    private Path write(NiftiDataType type, float[] ids) {
        Path file = tmp.resolve("label-" + type + ".nii.gz");
        NiftiWriter.write(file, new NiftiVolume(NX, NY, NZ, ids, Affines.identity(), type), type);
        return file;
    }
}
