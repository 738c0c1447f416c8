package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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
