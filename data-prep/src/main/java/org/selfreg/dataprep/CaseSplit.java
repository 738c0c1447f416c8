package org.selfreg.dataprep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which cases train, validate and test.
 *
 * @param train cases whose slices are listed for training, sorted
 * @param val   validation cases, sorted; with folds, every case of every fold
 * @param test  test cases, sorted, or in the published order for the reference split
 * @param folds the cross-validation folds' validation cases, each sorted; empty without folds
 */
record CaseSplit(List<String> train, List<String> val, List<String> test, List<List<String>> folds) {

    CaseSplit {
        folds = folds.stream().map(List::copyOf).toList();
    }

    /** A split without cross-validation folds. */
    CaseSplit(List<String> train, List<String> val, List<String> test) {
        this(train, val, test, List.of());
    }

    /**
     * This split with its training and validation cases dealt into {@code k} seeded folds, the test cases kept: every
     * case of a fold is prepared as a validation case (its slices and its volume), and a trial picks its fold at
     * training time (validating on the fold, training on the others), so the data is prepared once for all folds.
     * Without folds ({@code k} 0) the split is returned as it is.
     */
    CaseSplit withFolds(int k, long seed, String source) {
        if (k == 0) {
            return this;
        }
        List<String> cases = new ArrayList<>(train);
        cases.addAll(val);
        if (cases.size() < k) {
            throw new InvalidInputException(source + " has " + cases.size() + " cases besides the test cases, too few"
                    + " for " + k + " folds; add cases or lower folds");
        }
        Collections.sort(cases);
        Collections.shuffle(cases, new Random(seed));
        List<List<String>> dealt = new ArrayList<>();
        for (int fold = 0; fold < k; fold++) {
            List<String> members = new ArrayList<>();
            for (int i = fold; i < cases.size(); i += k) {
                members.add(cases.get(i));
            }
            dealt.add(sorted(members));
        }
        return new CaseSplit(List.of(), sorted(cases), test, dealt);
    }

    /** TransUNet's Synapse lists (lists_Synapse/train.txt and test_vol.txt), test in the listed order. */
    static final List<String> REFERENCE_TRAIN = List.of("case0005", "case0006", "case0007", "case0009", "case0010",
            "case0021", "case0023", "case0024", "case0026", "case0027", "case0028", "case0030", "case0031", "case0033",
            "case0034", "case0037", "case0039", "case0040");
    static final List<String> REFERENCE_TEST = List.of("case0008", "case0022", "case0038", "case0036", "case0032",
            "case0002", "case0029", "case0003", "case0001", "case0004", "case0025", "case0035");

    /** The split {@code config} asks for over {@code cases}; {@code source} names the input in error messages. */
    static CaseSplit of(List<String> cases, PreprocessConfig config, String source) {
        if (config.referenceSplit()) {
            List<String> missing = new ArrayList<>(REFERENCE_TRAIN);
            missing.addAll(REFERENCE_TEST);
            missing.removeAll(cases);
            if (!missing.isEmpty()) {
                throw new InvalidInputException(source + " lacks " + missing.size() + " of the reference split's cases "
                        + missing + "; supply all 30 BTCV training cases or use PreprocessConfig.withSplit(...)");
            }
            return new CaseSplit(REFERENCE_TRAIN, List.of(), REFERENCE_TEST);
        }
        if (cases.size() <= config.valCases() + config.testCases()) {
            throw new InvalidInputException(source + " has " + cases.size() + " cases, too few for " + config.valCases()
                    + " validation and " + config.testCases() + " test cases plus training; add cases or lower the counts");
        }
        List<String> shuffled = new ArrayList<>(cases);
        Collections.sort(shuffled);
        Collections.shuffle(shuffled, new Random(config.splitSeed()));
        int t = config.testCases();
        int v = config.valCases();
        return new CaseSplit(sorted(shuffled.subList(t + v, shuffled.size())), sorted(shuffled.subList(t, t + v)),
                sorted(shuffled.subList(0, t)));
    }

    /**
     * A split whose test cases are given ({@code testCases}, kept in order) and whose validation cases are drawn from
     * {@code trainCases} by a seeded shuffle, as {@code config} asks; {@code source} names the input in error messages.
     */
    static CaseSplit holdOut(List<String> trainCases, List<String> testCases, PreprocessConfig config, String source) {
        return holdOut(trainCases, testCases, config.valCases(), config.splitSeed(), source);
    }

    /** As {@link #holdOut(List, List, PreprocessConfig, String)} with {@code valCases} drawn by {@code splitSeed}. */
    static CaseSplit holdOut(List<String> trainCases, List<String> testCases, int valCases, long splitSeed,
                             String source) {
        List<String> both = new ArrayList<>(trainCases);
        both.retainAll(testCases);
        if (!both.isEmpty()) {
            throw new InvalidInputException(source + " lists cases " + both + " for both training and testing; "
                    + "fix the lists");
        }
        if (trainCases.size() <= valCases) {
            throw new InvalidInputException(source + " has " + trainCases.size() + " training cases, too few to hold out "
                    + valCases + " for validation and still train; add cases or lower valCases");
        }
        List<String> shuffled = new ArrayList<>(trainCases);
        Collections.sort(shuffled);
        Collections.shuffle(shuffled, new Random(splitSeed));
        int v = valCases;
        return new CaseSplit(sorted(shuffled.subList(v, shuffled.size())), sorted(shuffled.subList(0, v)),
                List.copyOf(testCases));
    }

    String roleOf(String caseName) {
        return train.contains(caseName) ? "train" : val.contains(caseName) ? "val" : test.contains(caseName) ? "test" : null;
    }

    private static List<String> sorted(List<String> cases) {
        List<String> copy = new ArrayList<>(cases);
        Collections.sort(copy);
        return List.copyOf(copy);
    }
}
