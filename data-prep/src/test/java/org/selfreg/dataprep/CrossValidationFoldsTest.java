package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.synthetic.HistologyGenerator;
import org.selfreg.dataprep.synthetic.HistologyGenerator.Style;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;

class CrossValidationFoldsTest {

    private static final List<String> CASES = List.of("c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08");

    @TempDir
    Path tmp;

    @Test
    void foldsPartitionTheNonTestCasesBySeedAndKeepTheTestCases() {
        CaseSplit split = new CaseSplit(CASES.subList(0, 5), CASES.subList(5, 6), CASES.subList(6, 8));
        CaseSplit folded = split.withFolds(3, 42, "test");
        assertEquals(CASES.subList(6, 8), folded.test());
        assertEquals(CASES.subList(0, 6), folded.val());
        assertEquals(List.of(), folded.train());
        List<String> union = new ArrayList<>();
        folded.folds().forEach(union::addAll);
        assertEquals(Set.copyOf(CASES.subList(0, 6)), new HashSet<>(union));
        assertEquals(6, union.size(), "every case in exactly one fold");
        folded.folds().forEach(fold -> assertEquals(2, fold.size()));
        assertEquals(folded, split.withFolds(3, 42, "test"));
        assertNotEquals(folded.folds(), split.withFolds(3, 43, "test").folds());
        assertEquals(split, split.withFolds(0, 42, "test"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> split.withFolds(7, 42, "input x"));
        assertTrue(e.getMessage().contains("input x") && e.getMessage().contains("too few for 7 folds"),
                e.getMessage());
    }

    @Test
    void volumesArePreparedOnceAndEachFoldValidatesOnItsCases() {
        Path raw = tmp.resolve("raw");
        SyntheticCtGenerator.generate(raw, new SyntheticSpec(7, 32, 6, 9, 11));
        PreprocessConfig plain = PreprocessConfig.synapseDefaults();
        PreparedDataset folded = new Preprocessor().prepare(raw, tmp.resolve("folded"), plain.withFolds(3));
        PreparedDataset unfolded = new Preprocessor().prepare(raw, tmp.resolve("plain"), plain);
        assertNotEquals(unfolded.digest(), folded.digest());
        assertEquals(unfolded.testCases(), folded.testCases(), "the test set does not depend on the folds");

        PreparedDataset loaded = PreparedDataset.load(folded.dir());
        assertEquals(3, loaded.folds());
        assertEquals(0, PreparedDataset.load(unfolded.dir()).folds());
        Set<String> validated = new HashSet<>();
        for (int fold = 0; fold < 3; fold++) {
            PreparedDataset view = loaded.forFold(fold);
            assertTrue(!view.valCases().isEmpty() && validated.addAll(view.valCases()), "folds are disjoint");
            for (String c : view.valCases()) {
                assertTrue(view.trainSlices().stream().noneMatch(s -> s.startsWith(c + "_")), c + " does not train");
                assertTrue(loaded.trainSlices().stream().anyMatch(s -> s.startsWith(c + "_")), c + " has slices");
                assertTrue(view.volumePath(c).toFile().isFile(), c + " has its volume");
            }
            assertEquals(loaded.testCases(), view.testCases());
        }
        assertEquals(5, validated.size(), "7 cases less 2 test cases");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> loaded.forFold(3));
        assertTrue(e.getMessage().contains("3 folds (0..2)"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> PreparedDataset.load(unfolded.dir()).forFold(0));
        assertTrue(e.getMessage().contains("no folds"), e.getMessage());
    }

    @Test
    void imagesAreFoldedImageByImage() {
        Path input = tmp.resolve("GlaS");
        HistologyGenerator.writeImageFolders(input, Style.GLAS, 6, 0, 2, 1);
        ImagePrepConfig config = new ImagePrepConfig(32, ImagePrepConfig.TEN_PERCENT, 7, "").withFolds(3);
        PreparedDataset prepared = new Preprocessor().prepareImages(input, InputLayout.detect(input),
                tmp.resolve("out"), config, ProgressListener.NONE);
        assertEquals(6, prepared.trainSlices().size(), "every non-test image trains in some fold");
        PreparedDataset fold = PreparedDataset.load(prepared.dir()).forFold(1);
        assertEquals(2, fold.valCases().size());
        assertEquals(4, fold.trainSlices().size());
        assertTrue(fold.trainSlices().stream().noneMatch(fold.valCases()::contains));
    }
}
