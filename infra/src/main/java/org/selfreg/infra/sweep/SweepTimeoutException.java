package org.selfreg.infra.sweep;

/** A sweep did not end within the time it was given; it has been terminated. */
public class SweepTimeoutException extends IllegalStateException {

    public SweepTimeoutException(String message) {
        super(message);
    }
}
