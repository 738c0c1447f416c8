package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;

/** {@code dataset.folds} and a trial's {@code fold}: read, checked, and applied to the prepared dataset. */
class CrossValidationFoldRequestTest {

    @TempDir
    Path dir;

    @Test
    void foldsAreReadForVolumesAndImagesAndReplaceTheHoldOut() {
        DatasetRequest volumes = request(Map.of("source", "synthetic", "cases", 8, "testCases", 2, "folds", 3));
        PreprocessConfig config = volumes.config(InputLayout.BTCV);
        assertEquals(3, config.folds());
        assertEquals(0, config.valCases());
        DatasetRequest images = request(Map.of("source", "raw", "path", "/data/GlaS", "layout", "image-folders",
                "folds", 5));
        assertEquals(5, images.imageConfig().folds());
        assertEquals(0, images.imageConfig().valImages());
    }

    @Test
    void impossibleFoldsAreNamed() {
        assertMessage(Map.of("source", "synthetic", "folds", 1), "'folds'", "at least 2");
        assertMessage(Map.of("source", "synthetic", "folds", 3, "valCases", 1), "'valCases'", "remove valCases");
        assertMessage(Map.of("source", "synthetic", "cases", 6, "testCases", 2, "folds", 5), "'folds'",
                "more than the 4 cases");
        assertMessage(Map.of("source", "raw", "path", "/d", "layout", "acdc", "folds", 5), "'folds'", "ACDC");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> request(Map.of("source", "raw", "path", "/d", "layout", "image-folders", "folds", 3,
                        "valImages", 2)).imageConfig());
        assertTrue(e.getMessage().contains("remove valImages"), e.getMessage());
    }

    @Test
    void aTrialsFoldPicksItsValidationCasesAndAFoldedDatasetNeedsOne() {
        SyntheticCtGenerator.generate(dir.resolve("raw"), new SyntheticSpec(6, 32, 4, 5, 3));
        PreparedDataset folded = new Preprocessor().prepare(dir.resolve("raw"), dir.resolve("out"),
                PreprocessConfig.synapseDefaults().withSplit(0, 2, 5).withFolds(2));
        PreparedDataset fold1 = TrialSpec.datasetFor(trial(Map.of("fold", 1)), folded);
        assertEquals(folded.forFold(1).valCases(), fold1.valCases());
        assertEquals(2, fold1.valCases().size());

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TrialSpec.datasetFor(trial(Map.of()), folded));
        assertTrue(e.getMessage().contains("'fold'") && e.getMessage().contains("2 cross-validation folds"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> TrialSpec.toTrainConfig(trial(Map.of("fold", -1))));
        assertTrue(e.getMessage().contains("'fold'"), e.getMessage());
    }

    @Test
    void theFoldIsAGridAxisAndPartOfTheTrialKey() {
        TrialPlan plan = TrialPlan.of(TaskInput.of("test.grid", Map.of("fold", List.of(0, 1))),
                TaskInput.of("test.search", Map.of()), TaskInput.of("test.trial", Map.of("epochs", 1)),
                TaskInput.of("test.evaluation", Map.of()));
        assertEquals(List.of("fold=0", "fold=1"), plan.trials().stream().map(TrialPlan.Trial::label).toList());
        assertTrue(!plan.key(plan.trials().get(0), "d", "c", ref -> null)
                .equals(plan.key(plan.trials().get(1), "d", "c", ref -> null)));
    }

    private static TaskInput trial(Map<String, Object> values) {
        return TaskInput.of("test.trial", values);
    }

    private static DatasetRequest request(Map<String, Object> values) {
        return DatasetRequest.of(TaskInput.of("test.dataset", values));
    }

    private static void assertMessage(Map<String, Object> input, String... expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            DatasetRequest request = request(input);
            request.config(request.layout().orElse(InputLayout.BTCV));
        });
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
