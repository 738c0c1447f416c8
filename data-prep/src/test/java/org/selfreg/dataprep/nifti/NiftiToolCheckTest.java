package org.selfreg.dataprep.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our NIfTI output passes {@code nifti_tool -check_hdr -check_nim} (Debian package nifti-bin), the NIfTI reference
 * library's own checks; a machine without the tool fails here, saying what to install. nifti_tool misses some header damage
 * (formats.md §1), so the nibabel parity tests remain the main check.
 */
class NiftiToolCheckTest {

    @TempDir
    Path tmp;

    @Test
    void writtenFilesPassNiftiTool() throws Exception {
        assertTrue(niftiToolInstalled(),
                "nifti_tool not found: install Debian's nifti-bin (./selfreg test does as root)");
        double[][] oblique = {{0.78, -0.17, 0, -20.5}, {0.17, 0.68, 0, 10.25}, {0, 0, -2.5, 33}, {0, 0, 0, 1}};
        float[] values = new float[5 * 4 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 9;
        }
        for (NiftiDataType type : List.of(NiftiDataType.INT16, NiftiDataType.UINT8, NiftiDataType.FLOAT32)) {
            for (String name : List.of(type + ".nii.gz", type + "_oblique.nii")) {
                double[][] affine = name.contains("oblique") ? oblique : Affines.identity();
                Path file = tmp.resolve(name);
                NiftiWriter.write(file, new NiftiVolume(5, 4, 3, values, affine, type), type);
                String out = run("nifti_tool", "-check_hdr", "-check_nim", "-infiles", file.toString());
                assertTrue(out.contains("header IS GOOD") && out.contains("nifti_image IS GOOD"), name + ":\n" + out);
            }
        }
    }

    private static boolean niftiToolInstalled() {
        try {
            run("nifti_tool", "-help");
            return true;
        } catch (IOException | InterruptedException | AssertionError e) {
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "nifti_tool did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
