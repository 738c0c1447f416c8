package org.selfreg.workers;

import org.selfreg.dataprep.InvalidInputException;

/** A key that no reader of the input knows: most often a typo, which would otherwise be ignored silently. */
public final class UnknownKeyException extends InvalidInputException {

    private final String key;

    UnknownKeyException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The unknown key as it was written. */
    public String key() {
        return key;
    }
}
