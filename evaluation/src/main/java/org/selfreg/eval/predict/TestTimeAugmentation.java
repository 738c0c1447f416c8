package org.selfreg.eval.predict;

import java.util.Locale;
import org.selfreg.dataprep.InvalidInputException;

/** What a prediction averages over besides its models: nothing, or each slice and its horizontal mirror image. */
public enum TestTimeAugmentation {
    /** The slices as they are. */
    NONE,
    /** The mean of the probabilities of each slice and of its left-right flip (flipped back). */
    FLIP;

    /** The lower-case name used on the command line and in prediction records. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The augmentation called {@code id}.
     *
     * @throws InvalidInputException when {@code id} is none of them
     */
    public static TestTimeAugmentation named(String id) {
        for (TestTimeAugmentation tta : values()) {
            if (tta.id().equals(id)) {
                return tta;
            }
        }
        throw new InvalidInputException("unknown test-time augmentation '" + id + "'; use none or flip");
    }
}
