package org.selfreg.eval;

import java.nio.file.Path;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;

/**
 * Writes {@code <case>_img.nii.gz} (float32), {@code <case>_pred.nii.gz} and {@code <case>_gt.nii.gz} (uint8), the
 * files the reference's {@code test_single_volume} saves.
 *
 * <p>By default the files carry the source CT's affine so they overlay it in a viewer. The reference instead writes
 * them through SimpleITK with spacing (1, 1, z_spacing), identity direction and origin 0; as SimpleITK converts its
 * LPS space to NIfTI's RAS, nibabel reads that as {@code diag(-1, -1, z_spacing, 1)}, which paper geometry
 * reproduces.
 */
final class PredictionExporter {

    private PredictionExporter() {
    }

    static void export(TestVolume volume, byte[] prediction, Path dir, EvaluationOptions options) {
        double[][] affine = options.paperGeometry() ? paperAffine(options.zSpacing()) : volume.affine();
        String stem = volume.caseName();
        NiftiWriter.write(dir.resolve(stem + "_img.nii.gz"), nifti(volume, volume.image(), affine),
                NiftiDataType.FLOAT32);
        LabelFiles.writeNifti(dir.resolve(stem + "_pred.nii.gz"), volume, prediction, affine);
        LabelFiles.writeNifti(dir.resolve(stem + "_gt.nii.gz"), volume, volume.label(), affine);
    }

    /** The affine nibabel reads from a SimpleITK image with identity direction, origin 0, spacing (1, 1, z). */
    static double[][] paperAffine(double zSpacing) {
        return new double[][] {
            {-1, 0, 0, 0},
            {0, -1, 0, 0},
            {0, 0, zSpacing, 0},
            {0, 0, 0, 1}
        };
    }

    private static NiftiVolume nifti(TestVolume volume, float[] data, double[][] affine) {
        return new NiftiVolume(volume.width(), volume.height(), volume.depth(), data, affine, NiftiDataType.FLOAT32);
    }
}
