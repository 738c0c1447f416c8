package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;
import org.selfreg.dataprep.npz.NpyArray;
import org.selfreg.dataprep.npz.Npz;
import org.selfreg.dataprep.synthetic.AcdcGenerator;
import org.selfreg.dataprep.synthetic.AcdcNpzGenerator;

/** Each kind of broken ACDC input fails with one InvalidInputException that names the file at fault. */
class AcdcBadInputTest {

    private static final PreprocessConfig SPLIT = PreprocessConfig.acdcDefaults().withSplit(1, 1, 5);

    @TempDir
    Path tmp;

    @Test
    void infoCfgWithoutEsIsRefused() throws Exception {
        Path patient = raw();
        Files.writeString(patient.resolve("Info.cfg"), "ED: 1\nGroup: NOR\n");
        assertNamed(patient.resolve("Info.cfg"), "'ES:'", prepare(InputLayout.ACDC));
    }

    @Test
    void infoCfgWithoutEdIsRefused() throws Exception {
        Path patient = raw();
        Files.writeString(patient.resolve("Info.cfg"), "ES: 12\n");
        assertNamed(patient.resolve("Info.cfg"), "'ED:'", prepare(InputLayout.ACDC));
    }

    @Test
    void aFrameNamedInInfoCfgThatIsMissingIsRefused() throws Exception {
        Path patient = raw();
        Files.writeString(patient.resolve("Info.cfg"), "ED: 1\nES: 3\n");
        assertNamed(patient.resolve("patient001_frame03.nii.gz"), "ES frame 3", prepare(InputLayout.ACDC));
    }

    @Test
    void aFrameWithoutGroundTruthIsRefused() throws Exception {
        Path patient = raw();
        Files.delete(patient.resolve("patient001_frame01_gt.nii.gz"));
        assertNamed(patient.resolve("patient001_frame01.nii.gz"), "no ground truth", prepare(InputLayout.ACDC));
    }

    @Test
    void groundTruthOfAnotherShapeIsRefused() {
        Path patient = raw();
        Path gt = patient.resolve("patient001_frame01_gt.nii.gz");
        NiftiWriter.write(gt, new NiftiVolume(4, 4, 2, new float[32], Affines.identity(), NiftiDataType.UINT8),
                NiftiDataType.UINT8);
        assertNamed(gt, "voxel grid", prepare(InputLayout.ACDC));
    }

    @Test
    void aLabelOutsideZeroToThreeIsRefused() {
        Path patient = raw();
        Path gt = patient.resolve("patient001_frame01_gt.nii.gz");
        float[] labels = new float[AcdcGenerator.SIZE * AcdcGenerator.SIZE * AcdcGenerator.SLICES];
        labels[7] = 4;
        NiftiWriter.write(gt, new NiftiVolume(AcdcGenerator.SIZE, AcdcGenerator.SIZE, AcdcGenerator.SLICES, labels,
                Affines.identity(), NiftiDataType.UINT8), NiftiDataType.UINT8);
        assertNamed(gt, "label value 4.0 at voxel 7", prepare(InputLayout.ACDC));
    }

    @Test
    void aFourDimensionalFrameIsRefused() throws Exception {
        Path patient = raw();
        Files.delete(patient.resolve("patient001_frame01.nii.gz"));
        Path frame = patient.resolve("patient001_frame01.nii");
        NiftiWriter.write(frame, new NiftiVolume(2, 2, 2, new float[8], Affines.identity(), NiftiDataType.INT16),
                NiftiDataType.INT16);
        byte[] bytes = Files.readAllBytes(frame);
        // dim[0] = 4 and dim[4] = 2: a cine of two time points, as patientNNN_4d.nii.gz is.
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(40, (short) 4).putShort(48, (short) 2);
        Files.write(frame, bytes);
        assertNamed(frame, "4-D", prepare(InputLayout.ACDC));
    }

    @Test
    void aListEntryNamingAMissingNpzIsRefused() throws Exception {
        AcdcNpzGenerator.write(input(), 10, 3);
        Path missing = input().resolve("train").resolve("case_010_sliceES_2.npz");
        Files.delete(missing);
        assertNamed(missing, "train.txt", prepare(InputLayout.ACDC_NPZ));
    }

    @Test
    void anNpzWithoutImgIsRefused() {
        AcdcNpzGenerator.write(input(), 10, 3);
        Path test = input().resolve("test").resolve("case_001_volume_ED.npz");
        Npz.write(test, Map.of("label", NpyArray.ofUint8(new byte[8], 2, 2, 2)), false);
        assertNamed(test, "'img'", prepare(InputLayout.ACDC_NPZ));
    }

    /** Five generated patients; returns patient001's folder, whose files the tests break. */
    private Path raw() {
        AcdcGenerator.write(input(), 5, 11);
        return input().resolve("training").resolve("patient001");
    }

    private Path input() {
        return tmp.resolve("in");
    }

    private InvalidInputException prepare(InputLayout layout) {
        return assertThrows(InvalidInputException.class,
                () -> new Preprocessor(1).prepare(input(), layout, tmp.resolve("out"), SPLIT, ProgressListener.NONE));
    }

    private static void assertNamed(Path file, String what, InvalidInputException e) {
        assertTrue(e.getMessage().contains(file.toString()), () -> "names " + file + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(what), () -> "says " + what + ": " + e.getMessage());
    }
}
