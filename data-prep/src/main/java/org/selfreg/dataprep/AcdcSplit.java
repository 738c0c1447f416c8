package org.selfreg.dataprep;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Which ACDC patients train, validate and test. A patient's ED and ES frames always fall on the same side, so no test
 * heart is seen in training.
 */
final class AcdcSplit {

    /** MT-UNet's validation patients (AgileFormer's {@code lists/lists_ACDC/valid.txt}, read by SelfReg). */
    static final List<String> MT_UNET_VALID = patients(19, 21, 29, 33, 41, 50, 61, 71, 76, 80);
    /** MT-UNet's test patients ({@code lists_ACDC/test.txt}); the other 70 of patient001..100 train. */
    static final List<String> MT_UNET_TEST = patients(2, 3, 8, 9, 12, 14, 17, 24, 42, 48, 49, 53, 55, 64, 67, 79, 81,
            88, 92, 95);
    private static final List<String> ALL_TRAINING =
            IntStream.rangeClosed(1, 100).mapToObj(AcdcSplit::patient).toList();

    private AcdcSplit() {
    }

    /**
     * The split of {@code patients}' cases that {@code config} asks for: MT-UNet's 70/10/20 lists for the reference
     * split, else a seeded shuffle of patients ({@code valCases} and {@code testCases} count patients).
     *
     * @param source names the input in error messages
     * @throws InvalidInputException if the reference split is asked for without all 100 training patients, or there
     *                               are too few patients for the counts
     */
    static CaseSplit of(List<AcdcPatient> patients, PreprocessConfig config, String source) {
        List<String> ids = patients.stream().map(AcdcPatient::id).toList();
        if (!config.referenceSplit()) {
            CaseSplit byPatient = CaseSplit.of(ids, config, source + " (counting patients)");
            return new CaseSplit(cases(byPatient.train()), cases(byPatient.val()), cases(byPatient.test()));
        }
        List<String> missing = new ArrayList<>(ALL_TRAINING);
        missing.removeAll(ids);
        if (!missing.isEmpty()) {
            throw new InvalidInputException(source + " lacks " + missing.size() + " of the 100 ACDC training patients "
                    + "that MT-UNet's split uses " + missing + "; supply all of them or ask for a seeded split "
                    + "(valCases, testCases, splitSeed)");
        }
        List<String> train = new ArrayList<>(ALL_TRAINING);
        train.removeAll(MT_UNET_VALID);
        train.removeAll(MT_UNET_TEST);
        return new CaseSplit(cases(train), cases(MT_UNET_VALID), cases(MT_UNET_TEST));
    }

    /** Both cases of each patient, in patient order, ED before ES. */
    private static List<String> cases(List<String> patients) {
        return patients.stream().flatMap(p -> Stream.of(p + "_ED", p + "_ES")).toList();
    }

    private static List<String> patients(int... numbers) {
        return IntStream.of(numbers).mapToObj(AcdcSplit::patient).toList();
    }

    private static String patient(int number) {
        return String.format("patient%03d", number);
    }
}
