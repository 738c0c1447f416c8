package org.selfreg.dataprep;

/**
 * Input data that cannot be used as given: a malformed or unsupported file, or contents that break the pipeline's
 * expectations. The message names the file, what is wrong and what to do, so it can be shown to a user unchanged.
 *
 * <p>Retrying cannot fix bad input, so workers report this exception as a terminal failure.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
