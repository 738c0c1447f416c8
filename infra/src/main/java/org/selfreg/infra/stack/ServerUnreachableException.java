package org.selfreg.infra.stack;

/** A server the command needs does not answer; the message says which one, where, and what to start or change. */
public class ServerUnreachableException extends IllegalStateException {

    public ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
