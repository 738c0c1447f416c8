package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortCanBeBoundOnLoopback() throws IOException {
        int port = Ports.freePort();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void requireFreeAcceptsAFreePort() {
        assertDoesNotThrow(() -> Ports.requireFree(Ports.freePort(), "Conductor"));
    }

    @Test
    void requireFreeNamesThePortAndTheServerWhenThePortIsTaken() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = holder.getLocalPort();
            PortInUseException e = assertThrows(PortInUseException.class, () -> Ports.requireFree(port, "Conductor"));
            assertEquals(port, e.port());
            assertTrue(e.getMessage().startsWith("port " + port + " (Conductor) is already in use on 127.0.0.1"),
                    e.getMessage());
        }
    }
}
