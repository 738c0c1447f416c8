package org.selfreg.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code version that the launcher puts into every trial key ({@code scripts/code-version.sh}) changes with every
 * edit, tracked or untracked, so that a rerun after an edit never reuses a trial of other code; an unchanged tree
 * keeps its version, so that a rerun without edits does.
 */
class CodeVersionScriptTest {

    /** The script, from the module folder that surefire runs in. */
    private static final Path SCRIPT = Path.of("..", "scripts", "code-version.sh").toAbsolutePath().normalize();

    @TempDir
    Path repo;

    @Test
    void everyEditGivesANewVersionAndAnUnchangedTreeKeepsIt() throws Exception {
        git("init", "-q");
        Files.writeString(repo.resolve("Loss.java"), "class Loss { double lambda = 0.015; }\n");
        Files.writeString(repo.resolve(".gitignore"), "target/\n");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first");
        String clean = version();
        assertTrue(clean.matches("[0-9a-f]{12}"), clean);

        Files.writeString(repo.resolve("Loss.java"), "class Loss { double lambda = 0.1; }\n");
        String edited = version();
        assertTrue(edited.startsWith(clean + "-dirty-"), edited);
        assertEquals(edited, version(), "the same changes, the same version");

        Files.writeString(repo.resolve("Loss.java"), "class Loss { double lambda = 0.2; }\n");
        String editedAgain = version();
        assertNotEquals(edited, editedAgain, "another edit of the same file");

        Files.writeString(repo.resolve("Recipe.java"), "class Recipe {}\n");
        String withUntracked = version();
        assertNotEquals(editedAgain, withUntracked, "an untracked source file counts");

        Files.createDirectories(repo.resolve("target"));
        Files.writeString(repo.resolve("target/Loss.class"), "build output");
        assertEquals(withUntracked, version(), "ignored files do not count");
    }

    private String version() throws IOException, InterruptedException {
        return run(List.of("bash", SCRIPT.toString(), repo.toString()));
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }
}
