package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The team deployment's property file (infra/deploy) sets the same Conductor persistence as the server the system test
 * runs on PostgreSQL, and holds no password.
 */
class ConductorPostgresPropertiesTest {

    private static final Path DEPLOYED = Path.of("deploy", "conductor-postgres.properties");

    @Test
    void theDeploymentFileHasTheTestedPersistenceAndNoPassword() throws IOException {
        Properties deployed = new Properties();
        try (Reader in = Files.newBufferedReader(DEPLOYED)) {
            deployed.load(in);
        }
        PostgresDatabase database = new PostgresDatabase("postgres.internal", 5432, "conductor", "conductor", "secret");
        for (String line : ConductorServer.postgres(database)) {
            String key = line.substring(0, line.indexOf('='));
            assertEquals(line.substring(line.indexOf('=') + 1), deployed.getProperty(key), key);
        }
        assertFalse(deployed.stringPropertyNames().stream().anyMatch(k -> k.contains("password")),
                "the password belongs in SPRING_DATASOURCE_PASSWORD: " + deployed.stringPropertyNames());
    }
}
