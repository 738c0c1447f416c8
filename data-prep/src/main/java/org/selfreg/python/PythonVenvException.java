package org.selfreg.python;

/** A Python environment that cannot be found, created or filled; the message says what to do. */
public final class PythonVenvException extends RuntimeException {

    public PythonVenvException(String message) {
        super(message);
    }

    public PythonVenvException(String message, Throwable cause) {
        super(message, cause);
    }
}
