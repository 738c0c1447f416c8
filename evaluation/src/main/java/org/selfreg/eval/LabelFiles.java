package org.selfreg.eval;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.dataprep.nifti.NiftiDataType;
import org.selfreg.dataprep.nifti.NiftiVolume;
import org.selfreg.dataprep.nifti.NiftiWriter;

/**
 * Writes class maps as files a viewer opens: a uint8 NIfTI on a volume's grid, or a grey PNG. Evaluation's exports and
 * prediction both write through here, so a prediction of a test volume is the same file either way.
 */
public final class LabelFiles {

    private LabelFiles() {
    }

    /** Class ids, C order {@code [D][H][W]} on {@code grid}'s voxels, as a uint8 NIfTI with {@code affine}. */
    public static void writeNifti(Path file, TestVolume grid, byte[] classes, double[][] affine) {
        float[] values = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            values[i] = classes[i] & 0xFF;
        }
        NiftiWriter.write(file, new NiftiVolume(grid.width(), grid.height(), grid.depth(), values, affine,
                NiftiDataType.FLOAT32), NiftiDataType.UINT8);
    }

    /**
     * Class ids, C order {@code [h][w]}, as a grey PNG: 0/255 for a binary task, as GlaS and MoNuSeg distribute their
     * masks; class ids otherwise.
     */
    public static void writePng(Path file, byte[] classes, int h, int w, int classCount) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[classes.length];
        for (int i = 0; i < classes.length; i++) {
            pixels[i] = classCount == 2 && classes[i] != 0 ? (byte) 255 : classes[i];
        }
        out.getRaster().setDataElements(0, 0, w, h, pixels);
        PngPredictionExporter.write(out, file);
    }
}
