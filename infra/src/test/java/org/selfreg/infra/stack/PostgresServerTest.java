package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the installed PostgreSQL (./selfreg test installs Debian's package as root; without it this fails). */
class PostgresServerTest {

    @Test
    void aThrowAwayClusterServesItsDatabaseOnLoopbackAndIsDeletedOnClose(@TempDir Path logs) {
        assertTrue(PostgresServer.binaries().isPresent(),
                "PostgreSQL is not installed: install Debian's postgresql (./selfreg test does as root)");
        Path data;
        try (PostgresServer server = PostgresServer.start(logs, 0, "conductor", Duration.ofMinutes(2))) {
            PostgresDatabase database = server.database();
            assertEquals("jdbc:postgresql://127.0.0.1:" + database.port() + "/conductor", database.jdbcUrl());
            assertFalse(database.toString().contains(database.password()), database.toString());

            assertEquals("conductor", server.query("SELECT current_database()"));
            assertEquals("127.0.0.1", server.query("SHOW listen_addresses"));
            server.query("CREATE TABLE kept (value int)");
            server.query("INSERT INTO kept VALUES (42)");
            assertEquals("42", server.query("SELECT value FROM kept"));
            data = Path.of(server.query("SHOW data_directory"));
        }
        assertFalse(Files.exists(data), "cluster deleted: " + data);
    }
}
