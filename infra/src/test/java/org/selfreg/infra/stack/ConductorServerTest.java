package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real Conductor server, started once for the class (20-50 s). */
class ConductorServerTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path workDir;

    private static ConductorServer server;

    @BeforeAll
    static void startServer() {
        server = ConductorServer.start(workDir, 0, START_TIMEOUT);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theMetadataApiAnswers() throws IOException, InterruptedException {
        assertEquals("http://127.0.0.1:" + server.port() + "/api", server.apiUrl());

        HttpResponse<String> response = Http.get(URI.create(server.apiUrl() + "/metadata/taskdefs"));

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("["), response.body());
    }

    @Test
    void itsDataLivesInSqliteUnderTheWorkDirectory() {
        assertTrue(Files.isRegularFile(workDir.resolve("conductor.db")));
        assertTrue(Files.isRegularFile(workDir.resolve("conductor.log")));
    }

    @Test
    void aSecondServerOnTheSamePortFailsNamingThePort() {
        Path otherDir = workDir.resolve("second");

        PortInUseException e = assertThrows(PortInUseException.class,
                () -> ConductorServer.start(otherDir, server.port(), START_TIMEOUT));

        assertEquals(server.port(), e.port());
        assertTrue(e.getMessage().contains("port " + server.port() + " (Conductor)"), e.getMessage());
    }
}
