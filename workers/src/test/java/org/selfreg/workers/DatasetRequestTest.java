package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.ImagePrepConfig;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreprocessConfig;

class DatasetRequestTest {

    @Test
    void readsASyntheticAndARawInput() {
        DatasetRequest synthetic = request(Map.of("source", "synthetic", "cases", 6, "valCases", 1, "testCases", 2));
        assertEquals(6, synthetic.syntheticSpec().cases());
        assertEquals(2, synthetic.config(InputLayout.BTCV).testCases());
        DatasetRequest raw = request(Map.of("source", "raw", "path", "/data/btcv", "layout", "transunet"));
        assertEquals(Optional.of(InputLayout.TRANSUNET), raw.layout());
        assertEquals(Optional.empty(), request(Map.of("source", "raw", "path", "/data")).layout());
    }

    @Test
    void keysOfTheOtherSourceAreUnknown() {
        UnknownKeyException e = assertThrows(UnknownKeyException.class,
                () -> request(Map.of("source", "synthetic", "path", "/data/btcv")));
        assertEquals("path", e.key());
        e = assertThrows(UnknownKeyException.class, () -> request(Map.of("source", "raw", "path", "/d", "sed", 1)));
        assertFalse(e.getMessage().contains("did you mean"), "seed is a synthetic key only: " + e.getMessage());
    }

    @Test
    void mistakesAreNamed() {
        assertMessage(Map.of("source", "synthetics"), "'source'");
        assertMessage(Map.of("source", "synthetic", "size", 8), "size must be in 16..1024");
        assertMessage(Map.of("source", "synthetic", "referenceSplit", true), "cannot be used with source: synthetic");
        assertMessage(Map.of("source", "synthetic", "cases", 3), "leaves no training case");
        assertMessage(Map.of("source", "raw"), "'path'");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "nifti"), "'labelMap'");
        assertMessage(Map.of("source", "raw", "path", "/d", "huMin", 300), "huMin < huMax");
    }

    @Test
    void readsAnImageInputWithUctransnetDefaults() {
        DatasetRequest glas = request(Map.of("source", "raw", "path", "/data/GlaS", "layout", "image-folders"));
        assertTrue(glas.isImages());
        assertEquals(new ImagePrepConfig(224, ImagePrepConfig.TEN_PERCENT, 42, ""), glas.imageConfig());
        DatasetRequest detected = request(Map.of("source", "raw", "path", "/d", "size", 128, "valImages", 8,
                "splitSeed", 3, "name", "colon"));
        assertTrue(detected.isImages());
        assertEquals(Optional.empty(), detected.layout());
        assertEquals(new ImagePrepConfig(128, 8, 3, "colon"), detected.imageConfig());
        assertEquals(Optional.of(InputLayout.GLAS_BMP),
                request(Map.of("source", "raw", "path", "/d", "layout", "glas-bmp")).layout());
        assertFalse(request(Map.of("source", "raw", "path", "/d", "splitSeed", 3)).isImages(), "a shared key only");
    }

    @Test
    void ctAndImageKeysDoNotMix() {
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "image-folders", "huMin", -100),
                "'huMin' in the input of test.dataset is a CT key");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "glas-bmp", "testCases", 2), "'testCases'");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "btcv", "valImages", 2),
                "'valImages' in the input of test.dataset is an image key");
        assertMessage(Map.of("source", "raw", "path", "/d", "size", 224, "labelMap", Map.of("0", 0)), "is a CT key");
        // Detected later: the files hold images, but the input gave CT keys only.
        DatasetRequest ct = request(Map.of("source", "raw", "path", "/d", "huMax", 200));
        assertThrows(InvalidInputException.class, ct::imageConfig);
        UnknownKeyException e = assertThrows(UnknownKeyException.class,
                () -> request(Map.of("source", "raw", "path", "/d", "layout", "image-folders", "sise", 224)));
        assertTrue(e.getMessage().contains("did you mean 'size'"), e.getMessage());
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "image-folders", "size", 8), "size must be in");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "image-folders", "valImages", -3),
                "valImages must be");
    }

    /** A NIfTI dataset names itself and its classes; the names must match the label map's classes. */
    @Test
    void niftiInputsNameTheirClasses() {
        Map<String, Object> heart = Map.of("source", "raw", "path", "/d", "layout", "nifti", "labelMap",
                Map.of("0", 0, "1", 1, "2", 2), "name", "heart", "classNames", List.of("background", "atrium",
                "ventricle"));
        PreprocessConfig config = request(heart).config(InputLayout.NIFTI);
        assertEquals("heart", config.name());
        assertEquals(List.of("background", "atrium", "ventricle"), config.classNames());
        assertFalse(request(heart).isImages(), "a name alone does not make an input an image input");
        Map<String, Object> twoNames = new HashMap<>(heart);
        twoNames.put("classNames", List.of("background", "atrium"));
        assertMessage(twoNames, "3 classes");
        twoNames.put("classNames", List.of(1, 2, 3));
        assertMessage(twoNames, "must be a list of names");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "acdc", "classNames", List.of("a", "b")),
                "the dataset is ACDC");
    }

    @Test
    void acdcLayoutsTakeTheirSplitKeysAndNoHuWindow() {
        DatasetRequest reference = request(Map.of("source", "raw", "path", "/data/acdc", "layout", "acdc",
                "referenceSplit", true));
        assertEquals(Optional.of(InputLayout.ACDC), reference.layout());
        assertEquals(PreprocessConfig.acdcReference(), reference.config(InputLayout.ACDC));
        DatasetRequest seeded = request(Map.of("source", "raw", "path", "/d", "layout", "acdc", "valCases", 1,
                "testCases", 2, "splitSeed", 9));
        assertEquals(PreprocessConfig.acdcDefaults().withSplit(1, 2, 9), seeded.config(InputLayout.ACDC));
        DatasetRequest archive = request(Map.of("source", "raw", "path", "/d", "layout", "acdc-npz"));
        assertEquals(Optional.of(InputLayout.ACDC_NPZ), archive.layout());
        assertEquals(PreprocessConfig.ACDC_IDENTITY, archive.config(InputLayout.ACDC_NPZ).labelMap());

        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "acdc", "huMin", -125), "no HU window");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "acdc-npz", "huMax", 275), "no HU window");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "acdc", "labelMap", Map.of("1", 1)),
                "kept as they are");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "acdc-npz", "valCases", 2), "lists_ACDC");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "acdc", "valCases", -1), "valCases");
    }

    @Test
    void aDetectedAcdcLayoutIsCheckedWhenItsConfigIsRead() {
        DatasetRequest detected = request(Map.of("source", "raw", "path", "/d", "huMin", -100));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> detected.config(InputLayout.ACDC));
        assertTrue(e.getMessage().contains("huMin"), e.getMessage());
    }

    private static void assertMessage(Map<String, Object> input, String expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> request(input), input.toString());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static DatasetRequest request(Map<String, Object> values) {
        return DatasetRequest.of(TaskInput.of("test.dataset", values));
    }
}
