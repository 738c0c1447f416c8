package org.selfreg.infra.stack;

/**
 * A server of the local stack could not be started: a prerequisite is missing (Java version, Conductor jar, Python),
 * the process died during start-up, or it did not become healthy in time. The message says which server, why, and
 * (where a process ran) ends with the last lines of its log.
 */
public class ServerStartException extends IllegalStateException {

    public ServerStartException(String message) {
        super(message);
    }

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
