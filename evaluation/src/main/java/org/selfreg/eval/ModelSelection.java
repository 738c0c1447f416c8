package org.selfreg.eval;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Which checkpoint a report describes and how it was chosen; every report rendering carries the label, so a number
 * chosen on the test set can never pass for an honest one.
 *
 * @param checkpoint the checkpoint's name ({@code best}, {@code last}...)
 * @param label      how it was chosen, for people
 */
public record ModelSelection(String checkpoint, String label) {

    /** Training's checkpoint with the best validation Dice. */
    public static final String BEST = "best";
    /** Training's checkpoint of the final epoch. */
    public static final String LAST = "last";
    /** The label of the authors' protocol, which picks the checkpoint that scores best on the test set itself. */
    public static final String TEST_SET_LABEL = "test-set selection (optimistic)";

    /** How the checkpoint to report is chosen. */
    public enum Policy {
        /** Choose on the validation split ({@code best}), report on test: the default. */
        VALIDATION,
        /** The authors' protocol: evaluate every checkpoint on test and report the best. Optimistic. */
        TEST_SET;

        /** Parses {@code "validation"} or {@code "test-set"}. */
        public static Policy parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "validation" -> VALIDATION;
                case "test-set" -> TEST_SET;
                default -> throw new InvalidInputException("unknown checkpoint selection '" + text
                        + "'; use \"validation\" (choose on the validation split, the default) or \"test-set\" (the"
                        + " authors' optimistic protocol)");
            };
        }
    }

    /**
     * The validation-selected checkpoint among {@code available} (names without {@code .params}): {@code best}, or
     * {@code last} when training saved no {@code best}.
     *
     * @throws InvalidInputException when neither exists
     */
    public static ModelSelection onValidation(Collection<String> available) {
        if (available.contains(BEST)) {
            return new ModelSelection(BEST, "validation selection (best validation Dice)");
        }
        if (available.contains(LAST)) {
            return new ModelSelection(LAST, "last epoch (no validation-selected checkpoint was saved)");
        }
        throw new InvalidInputException("no '" + BEST + "' or '" + LAST + "' checkpoint among " + available
                + "; evaluate the checkpoints folder that training wrote");
    }

    /** One candidate of a test-set selection. */
    public static ModelSelection testSetCandidate(String checkpoint) {
        return new ModelSelection(checkpoint, "candidate of a " + TEST_SET_LABEL);
    }

    /** The winner of a test-set selection. */
    public static ModelSelection testSetChoice(String checkpoint) {
        return new ModelSelection(checkpoint, TEST_SET_LABEL);
    }

    /** Every checkpoint of {@code available} in the order a test-set sweep evaluates them: best, last, then by name. */
    public static List<String> testSetCandidates(Collection<String> available) {
        if (available.isEmpty()) {
            throw new InvalidInputException("no checkpoints to choose from; evaluate the checkpoints folder that"
                    + " training wrote");
        }
        Comparator<String> order = Comparator.comparingInt((String name) -> switch (name) {
            case BEST -> 0;
            case LAST -> 1;
            default -> 2;
        }).thenComparing(Comparator.naturalOrder());
        return available.stream().distinct().sorted(order).toList();
    }
}
