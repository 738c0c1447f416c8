package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;

class InputDigestTest {

    static final PreprocessConfig CONFIG = PreprocessConfig.synapseDefaults();

    @TempDir
    Path input;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(input.resolve("img"));
        Files.writeString(input.resolve("img/img0001.nii.gz"), "image one");
        Files.writeString(input.resolve("img/img0002.nii.gz"), "image two");
    }

    @Test
    void sameFilesAndConfigGiveTheSameDigest() {
        assertEquals(InputDigest.of(input, InputLayout.BTCV, CONFIG), InputDigest.of(input, InputLayout.BTCV, CONFIG));
    }

    @Test
    void changedContentRenamedFilesLayoutAndConfigEachChangeTheDigest() throws Exception {
        String before = InputDigest.of(input, InputLayout.BTCV, CONFIG);
        assertNotEquals(before, InputDigest.of(input, InputLayout.NIFTI, CONFIG), "layout");
        assertNotEquals(before, InputDigest.of(input, InputLayout.BTCV, CONFIG.withSplit(2, 2, 42)), "config");

        Files.writeString(input.resolve("img/img0002.nii.gz"), "image 2!!");
        String edited = InputDigest.of(input, InputLayout.BTCV, CONFIG);
        assertNotEquals(before, edited, "same size, other content");

        Files.move(input.resolve("img/img0002.nii.gz"), input.resolve("img/img0003.nii.gz"));
        assertNotEquals(edited, InputDigest.of(input, InputLayout.BTCV, CONFIG), "renamed");
    }

    @Test
    void syntheticDigestFollowsTheSpecAndTheGeneratorVersion() {
        SyntheticSpec spec = SyntheticSpec.demo(7);
        String current = InputDigest.ofSynthetic(spec, CONFIG);
        assertEquals(InputDigest.ofSynthetic(spec, SyntheticCtGenerator.VERSION, CONFIG), current);
        assertNotEquals(current, InputDigest.ofSynthetic(spec, SyntheticCtGenerator.VERSION + 1, CONFIG),
                "a new generator version must not reuse datasets of the old output");
        assertNotEquals(current, InputDigest.ofSynthetic(SyntheticSpec.demo(8), CONFIG), "seed");
        assertNotEquals(current, InputDigest.ofSynthetic(spec, CONFIG.withSplit(0, 3, 42)), "config");
    }
}
