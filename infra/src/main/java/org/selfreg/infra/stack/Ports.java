package org.selfreg.infra.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks for the servers of the local stack, which all listen on the loopback interface only. */
public final class Ports {

    /** The only address the local stack listens on. */
    public static final String LOOPBACK_ADDRESS = "127.0.0.1";

    private Ports() {
    }

    /**
     * A port that is free on 127.0.0.1 right now. Another process may still take it before our server binds it; the
     * window is small and a clash surfaces as a start failure.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK_ADDRESS, e);
        }
    }

    /**
     * Fails with a {@link PortInUseException} when {@code port} cannot be bound on 127.0.0.1, so a user learns which
     * server clashes before a child process dies with a bind error deep in its log.
     *
     * @param what the server that wants the port, as the user knows it ("Conductor", "MLflow", "S3")
     */
    public static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            // Without SO_REUSEADDR a socket in TIME_WAIT would count as taken, though a server could bind it.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port), 1);
        } catch (IOException e) {
            throw new PortInUseException(port, what);
        }
    }

    /** The port to use for a requested port where 0 means "any free one". */
    static int resolve(int requestedPort, String what) {
        if (requestedPort == 0) {
            return freePort();
        }
        requireFree(requestedPort, what);
        return requestedPort;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(LOOPBACK_ADDRESS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the literal " + LOOPBACK_ADDRESS, e);
        }
    }
}
