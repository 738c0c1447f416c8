package org.selfreg.infra.cli;

import com.netflix.conductor.client.http.ConductorClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.WorkerHost;
import org.selfreg.infra.sweep.ProgressDisplay;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.workers.SweepTable;

/**
 * One sweep from the command line: the stack, optionally a worker host in this process, the sweep followed to its end
 * with a progress display, and the result printed. Shared by {@code demo} and {@code sweep}.
 */
final class SweepSession {

    private static final Duration SWEEP_TIMEOUT = Duration.ofDays(7);

    private final PrintStream out;

    SweepSession(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the sweep; exit code 0 when every trial has results.
     *
     * @param localWorkers run the workers in this process (otherwise ./selfreg worker processes serve the sweep)
     * @param domain       task domain of training and evaluation, or null
     */
    int run(StackOptions stackOptions, SweepRequest request, boolean localWorkers, String domain)
            throws InterruptedException {
        out.println("Starting the stack under " + stackOptions.workDir() + " (first start: about a minute) ...");
        try (LocalStack stack = LocalStack.start(stackOptions)) {
            ConductorClient conductor = ConductorClient.builder()
                    .basePath(stack.endpoints().conductorApi().toString()).build();
            try (WorkerHost workers = localWorkers
                    ? WorkerHost.start(conductor, stack.endpoints(), stackOptions.workDir(), domain) : null) {
                SweepRunner runner = new SweepRunner(conductor);
                String workflowId = runner.submit(request, domain);
                out.println("Sweep " + request.sweepName() + " started: Conductor workflow " + workflowId
                        + (localWorkers ? "" : " (waiting for workers started with ./selfreg worker)"));
                SweepOutcome outcome = runner.await(workflowId, SWEEP_TIMEOUT,
                        new ProgressDisplay(out, System.console() != null));
                report(outcome, stack, stackOptions.workDir());
                boolean allTrials = outcome.table().rows().stream().allMatch(SweepTable.Row::completed);
                return outcome.completed() && allTrials ? 0 : 1;
            }
        }
    }

    private void report(SweepOutcome outcome, LocalStack stack, Path workDir) {
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
        out.println("State is kept under " + workDir + "; the servers stop now. "
                + "To browse the runs again: ./selfreg ui (MLflow at " + stack.endpoints().mlflow() + ")");
    }
}
