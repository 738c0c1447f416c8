package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.selfreg.infra.stack.PostgresServer;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.workers.SweepTable;

/**
 * The team deployment's Conductor: the same server jar on PostgreSQL persistence (data, queues, index, workflow lock),
 * here on a local PostgreSQL cluster. Skipped where PostgreSQL is not installed (.ci/run installs Debian's package).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConductorSystemTest {

    private Path dir;
    private PostgresServer postgres;
    private RestartableStack stack;
    private WorkerProcess worker;

    @BeforeAll
    void startStack() throws IOException {
        assertTrue(PostgresServer.binaries().isPresent(), "PostgreSQL is not installed: install Debian's postgresql"
                + " (./selfreg test does as root) for the sweep on a PostgreSQL-backed Conductor");
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "system-test")), "postgres-")
                .toAbsolutePath();
        postgres = PostgresServer.start(dir.resolve("postgres"), 0, "conductor", Duration.ofMinutes(2));
        stack = RestartableStack.start(dir, postgres.database());
        worker = WorkerProcess.start(stack.endpoints(), dir.resolve("worker"), null);
    }

    @AfterAll
    void stopStack() {
        if (worker != null) {
            worker.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aSweepRunsOnAConductorServerBackedByPostgres() throws Exception {
        SweepOutcome outcome = new TinySweeps(stack.conductorClient()).run(
                TinySweeps.request("pg-sweep", SweepRequest.lambdaGrid(List.of(0.0, 0.1))));

        assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());
        assertEquals(List.of(SweepTable.Row.COMPLETED, SweepTable.Row.COMPLETED),
                outcome.table().rows().stream().map(SweepTable.Row::status).toList());
        // The sweep and its two trials are rows of PostgreSQL, with their tasks; no SQLite database was created.
        assertEquals("3", postgres.query("SELECT count(*) FROM workflow"));
        assertEquals("1", postgres.query("SELECT count(*) FROM workflow_index WHERE workflow_id = '"
                + outcome.workflowId() + "' AND status = 'COMPLETED'"));
        assertTrue(Integer.parseInt(postgres.query("SELECT count(*) FROM task")) >= 7, "prepare, open, fork, join,"
                + " summarize, and train + evaluate per trial");
        assertFalse(Files.exists(dir.resolve("conductor").resolve("conductor.db")), "no SQLite database");
    }
}
