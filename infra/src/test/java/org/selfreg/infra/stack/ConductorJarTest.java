package org.selfreg.infra.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConductorJarTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ConductorJar.PROPERTY);
    }

    @Test
    void anExplicitJarIsUsed() throws IOException {
        Path jar = Files.createFile(dir.resolve("conductor.jar"));
        System.setProperty(ConductorJar.PROPERTY, jar.toString());

        assertEquals(jar, ConductorJar.locate());
    }

    @Test
    void anExplicitJarThatDoesNotExistIsReportedInsteadOfReplaced() {
        Path missing = dir.resolve("missing.jar");
        System.setProperty(ConductorJar.PROPERTY, missing.toString());

        ServerStartException e = assertThrows(ServerStartException.class, ConductorJar::locate);

        assertTrue(e.getMessage().contains(missing + " (from -Dselfreg.conductor.jar or SELFREG_CONDUCTOR_JAR)"),
                e.getMessage());
    }
}
