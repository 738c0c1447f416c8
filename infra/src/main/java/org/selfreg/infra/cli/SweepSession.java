package org.selfreg.infra.cli;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.run.Workflow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.WorkerHost;
import org.selfreg.infra.sweep.AbandonedSweeps;
import org.selfreg.infra.sweep.ProgressDisplay;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.infra.sweep.SweepSnapshot;
import org.selfreg.workers.SweepTable;

/**
 * One sweep from the command line: the stack, optionally a worker host in this process, the sweep followed to its end
 * with a progress display, and the result printed. Shared by {@code demo} and {@code sweep}.
 *
 * <p>Ctrl-C or SIGTERM ends what the session started, in order: the local workers stop polling and hand their running
 * tasks back, the sweep and its trials are terminated, then the servers stop. Terminated rather than left to resume:
 * a local Conductor stops with this process anyway, and running the same sweep again reuses every finished trial (its
 * FINISHED MLflow run) and resumes the others from their checkpoints.
 */
final class SweepSession {

    private static final Duration SWEEP_TIMEOUT = Duration.ofDays(7);

    private final PrintStream out;

    SweepSession(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the sweep; exit code 0 when every trial has results, 128 + the signal's number when stopped by one.
     *
     * @param localWorkers run the workers in this process (otherwise ./selfreg worker processes serve the sweep)
     * @param domain       task domain of training and evaluation, or null
     * @param rerun        how the user runs this sweep again, e.g. {@code ./selfreg sweep sweeps/demo.yaml}
     */
    int run(StackOptions stackOptions, SweepRequest request, boolean localWorkers, String domain, String rerun)
            throws InterruptedException {
        stackOptions.externalServers().ifPresent(out::println);
        out.println("Starting the stack under " + stackOptions.workDir() + " (first start: about a minute) ...");
        try (LocalStack stack = LocalStack.start(stackOptions)) {
            ConductorClient conductor = ConductorClient.builder()
                    .basePath(stack.endpoints().conductorApi().toString()).build();
            if (stackOptions.externalConductor() == null) {
                // Before any worker polls: none may take a task of a sweep nobody follows.
                AbandonedSweeps.terminate(conductor).forEach(this::reportAbandoned);
            }
            if (!localWorkers) {
                out.println(WorkerJoinFile.write(stackOptions.workDir(), stack.endpoints(),
                        stackOptions.externalS3() == null, domain));
            }
            try (WorkerHost workers = localWorkers
                    ? WorkerHost.start(conductor, stack.endpoints(), stackOptions.workDir(), domain) : null;
                 StopSignals signals = StopSignals.take()) {
                SweepRunner runner = new SweepRunner(conductor);
                String workflowId = runner.submit(request, domain);
                out.println("Sweep " + request.sweepName() + " started: Conductor workflow " + workflowId
                        + (localWorkers ? "" : " (waiting for workers started with ./selfreg worker)"));
                CompletableFuture<SweepOutcome> outcome;
                // Closed before anything else is printed: the display redraws over what is printed while it is open.
                try (ProgressDisplay progress = ProgressDisplay.forStdout(out)) {
                    outcome = follow(runner, workflowId, signals, progress);
                    CompletableFuture.anyOf(outcome, signals.received()).exceptionally(failed -> null).join();
                }
                if (!outcome.isDone()) {
                    return stop(signals.received().join(), conductor, workers, request, workflowId, rerun);
                }
                SweepOutcome ended = result(outcome);
                report(ended, stack, stackOptions.workDir());
                boolean allTrials = ended.table().rows().stream().allMatch(SweepTable.Row::completed);
                return ended.completed() && allTrials ? 0 : 1;
            }
        }
    }

    /**
     * Follows the sweep on a thread of its own, which a stop request leaves behind (an interrupt cannot be relied on
     * to end a Conductor call under way), silent from that request on.
     */
    private CompletableFuture<SweepOutcome> follow(SweepRunner runner, String workflowId, StopSignals signals,
                                                   ProgressDisplay progress) {
        Consumer<SweepSnapshot> display = snapshot -> {
            if (!signals.received().isDone()) {
                progress.accept(snapshot);
            }
        };
        CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("sweep-follower").start(() -> {
            try {
                outcome.complete(runner.await(workflowId, SWEEP_TIMEOUT, display));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        return outcome;
    }

    private static SweepOutcome result(CompletableFuture<SweepOutcome> outcome) throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case InterruptedException interrupted -> throw interrupted;
                case RuntimeException failure -> throw failure;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private int stop(StopSignals.Stop stop, ConductorClient conductor, WorkerHost workers, SweepRequest request,
                     String workflowId, String rerun) {
        int handedBack = workers == null ? 0 : workers.handBackTasks();
        String handed = workers == null ? "" : "the workers handed " + handedBack + " running task(s) back and ";
        String sweep = "sweep " + request.sweepName() + " (Conductor workflow " + workflowId + ")";
        out.println();
        try {
            // Conductor terminates the trial sub-workflows with their sweep.
            String reason = "interrupted by the user (" + stop.name() + ")";
            new WorkflowClient(conductor).terminateWorkflow(workflowId, reason);
            out.println(stop.name() + ": " + handed + sweep + " was terminated with its trials; MLflow runs,"
                    + " checkpoints and datasets are kept. " + rerun + " runs it again, reusing every finished trial"
                    + " and resuming the others from their checkpoints.");
        } catch (RuntimeException e) {
            out.println(stop.name() + ": " + handed + sweep + " could not be terminated (" + e.getMessage() + "): it"
                    + " stays RUNNING until a demo or sweep starts this local Conductor again and terminates it. "
                    + rerun + " runs it again.");
        }
        return stop.exitCode();
    }

    private void reportAbandoned(Workflow sweep) {
        out.println("Terminated sweep " + sweep.getCorrelationId() + " (Conductor workflow " + sweep.getWorkflowId()
                + "), left RUNNING by an earlier selfreg process that stopped without ending it; running that sweep"
                + " again reuses its finished trials.");
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
