package org.selfreg.infra.stack;

/**
 * A port a server of the local stack should listen on is already taken. The message names the port, the server and
 * what to do, so it can be shown to a user unchanged.
 */
public class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(int port, String what) {
        super("port " + port + " (" + what + ") is already in use on " + Ports.LOOPBACK_ADDRESS
                + ": stop what holds it or pass another port for " + what);
        this.port = port;
    }

    /** The port that is taken. */
    public int port() {
        return port;
    }
}
