package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.selfreg.system.CommandLine.selfreg;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./selfreg sweep FILE --dry-run} before and after a real sweep on a local stack: before, it starts nothing
 * and says the dataset is still to be prepared; after, it finds the prepared dataset and the finished run in the state
 * the stopped servers left on disk, so the trial that ran is the one it says would be reused.
 */
class DryRunSystemTest {

    @TempDir
    Path dir;

    @Test
    void aDryRunNamesTheTrialsASweepWouldReuse() throws IOException {
        Path sweep = dir.resolve("tiny.json");
        Map<String, Object> trial = new LinkedHashMap<>(TinySweeps.TRIAL);
        trial.put("epochs", 1);
        Files.writeString(sweep, new ObjectMapper().writeValueAsString(Map.of("experiment", "dry-run-test",
                "dataset", TinySweeps.DATASET, "grid", Map.of("seed", List.of(7)), "trial", trial)));
        Path workDir = dir.resolve("work");

        CommandLine before = selfreg("sweep", sweep.toString(), "--dry-run", "--work-dir", workDir.toString());
        assertEquals(0, before.code(), before.err());
        assertTrue(before.out().contains("no bucket to look in") && row(before, "seed=7").contains("(after prep)"),
                before.out());
        assertFalse(Files.exists(workDir), "a dry run starts nothing and writes nothing");

        CommandLine run = selfreg("sweep", sweep.toString(), "--work-dir", workDir.toString(), "--s3-port", "0",
                "--mlflow-port", "0", "--conductor-port", "0");
        assertEquals(0, run.code(), run.out() + run.err());

        CommandLine after = selfreg("sweep", sweep.toString(), "--dry-run", "--work-dir", workDir.toString(),
                "--set", "grid.seed=[7,8]");
        assertEquals(0, after.code(), after.err());
        assertTrue(after.out().contains("prepared before as dataset"), after.out());
        assertTrue(after.out().contains("Reuse: 1 of 2 trials"), after.out());
        assertTrue(row(after, "seed=7").matches(".*seed=7\\s+[0-9a-f]{16}\\s+REUSED\\s+none"), row(after, "seed=7"));
        assertTrue(row(after, "seed=8").matches(".*seed=8\\s+[0-9a-f]{16}\\s+RUN\\s+1 epoch x \\d+ iterations.*"),
                row(after, "seed=8"));
    }

    /** The table row of the trial labelled {@code label}. */
    private static String row(CommandLine outcome, String label) {
        Optional<String> row = outcome.out().lines().filter(l -> l.startsWith("  " + label + " ")).findFirst();
        return row.orElseThrow(() -> new AssertionError("no row " + label + " in\n" + outcome.out())).strip();
    }
}
