package org.selfreg.infra.cli;

import com.netflix.conductor.client.http.ConductorClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.WorkerHost;
import org.selfreg.infra.sweep.ProgressDisplay;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRunner;

/**
 * {@code selfreg demo}: starts the local stack and a worker host, runs the sweep through Conductor, prints the results.
 */
final class DemoCommand {

    private static final Duration SWEEP_TIMEOUT = Duration.ofHours(6);

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    int run(DemoOptions options) throws InterruptedException {
        out.println("Starting the local stack under " + options.workDir() + " (first start: about a minute) ...");
        try (LocalStack stack = LocalStack.start(options.stack())) {
            ConductorClient conductor = ConductorClient.builder()
                    .basePath(stack.endpoints().conductorApi().toString()).build();
            try (WorkerHost workers = WorkerHost.start(conductor, stack.endpoints(), options.workDir())) {
                String sweepName = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                SweepRunner runner = new SweepRunner(conductor);
                String workflowId = runner.submit(options.sweep(sweepName));
                out.println("Sweep " + sweepName + " started: Conductor workflow " + workflowId);
                SweepOutcome outcome = runner.await(workflowId, SWEEP_TIMEOUT,
                        new ProgressDisplay(out, System.console() != null));
                report(outcome, stack);
                boolean allTrials = outcome.table().rows().stream().allMatch(r -> r.completed());
                return outcome.completed() && allTrials ? 0 : 1;
            }
        }
    }

    private void report(SweepOutcome outcome, LocalStack stack) {
        out.println();
        out.println("Sweep " + outcome.status().toLowerCase() + ".");
        if (!outcome.table().rows().isEmpty()) {
            out.print(outcome.table().toText());
        }
        outcome.failures().forEach(f -> out.println("failed: " + f));
        if (outcome.parentRunUrl() != null) {
            out.println("MLflow parent run: " + outcome.parentRunUrl());
        }
        if (outcome.datasetUri() != null) {
            out.println("Dataset: " + outcome.datasetUri());
        }
        out.println("Everything is kept under the work directory; the servers stop now. MLflow: "
                + stack.endpoints().mlflow());
    }
}
