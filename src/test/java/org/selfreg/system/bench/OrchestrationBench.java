package org.selfreg.system.bench;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.WorkerHost;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.system.WorkerProcess;
import org.selfreg.workers.SweepTable;

/**
 * Benchmark (bench/orchestration.sh), not a test: a 4-trial sweep through a local Conductor server served by one, then
 * two, training worker JVMs (libtorch threads split between them), and what Conductor costs: the sweep's wall time
 * minus the trials' own train and eval seconds, and the latency of each hop between two tasks of a trial workflow.
 *
 * <p>Usage: {@code OrchestrationBench <work dir> [epochs] [slices per case]}.
 */
public final class OrchestrationBench {

    private static final Duration TIMEOUT = Duration.ofHours(2);
    private static final List<Double> LAMBDAS = List.of(0.0, 0.01, 0.05, 0.1);

    private record Result(int workers, double wallSeconds, double prepareSeconds, double trainSeconds,
                          double evalSeconds, List<Long> hopsMillis) {
        double overheadSeconds() {
            return wallSeconds - prepareSeconds - trainSeconds - evalSeconds;
        }
    }

    private OrchestrationBench() {
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(args[0]).toAbsolutePath();
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int slices = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int cores = Runtime.getRuntime().availableProcessors();
        List<Result> results = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(StackOptions.localOnFreePorts(Files.createDirectories(workDir)))) {
            ConductorClient conductor = ConductorClient.builder()
                    .basePath(stack.endpoints().conductorApi().toString()).build();
            // Data preparation and bookkeeping run here; training and evaluation only on the worker JVMs (a domain).
            try (WorkerHost ignored = WorkerHost.start(conductor, stack.endpoints(), workDir.resolve("cpu"), null)) {
                for (int workers : List.of(1, 2)) {
                    results.add(run(conductor, stack, workDir, workers, Math.max(1, cores / workers), epochs,
                            slices));
                }
            }
        }
        print(results, epochs, slices, cores);
    }

    private static Result run(ConductorClient conductor, LocalStack stack, Path workDir, int workers, int threads,
                              int epochs, int slices) throws Exception {
        String domain = "bench-" + workers + "-workers";
        List<WorkerProcess> pool = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                pool.add(WorkerProcess.start(stack.endpoints(), workDir.resolve(domain + "-" + i), domain, threads));
            }
            SweepRequest request = new SweepRequest(domain + "-" + System.currentTimeMillis(), domain,
                    Map.of("source", "synthetic", "cases", 6, "size", 32, "minSlices", slices, "maxSlices", slices,
                            "seed", 7, "valCases", 1, "testCases", 2),
                    SweepRequest.lambdaGrid(LAMBDAS),
                    Map.of("epochs", epochs, "baseWidth", 4, "imageSize", 32, "batchSize", 8, "baseLr", 0.01,
                            "seed", 7),
                    Map.of());
            SweepRunner runner = new SweepRunner(conductor);
            SweepOutcome outcome = runner.await(runner.submit(request, domain), TIMEOUT, snapshot -> { });
            if (!outcome.completed()) {
                throw new IllegalStateException("sweep " + outcome.status() + ": " + outcome.failures());
            }
            return measure(new WorkflowClient(conductor), outcome, workers);
        } finally {
            pool.forEach(WorkerProcess::close);
        }
    }

    private static Result measure(WorkflowClient workflows, SweepOutcome outcome, int workers) {
        Workflow sweep = workflows.getWorkflow(outcome.workflowId(), true);
        double prepare = sweep.getTasks().stream().filter(t -> t.getReferenceTaskName().equals("prepare"))
                .mapToLong(t -> t.getEndTime() - t.getStartTime()).sum() / 1000.0;
        List<Long> hops = new ArrayList<>();
        for (Task trial : sweep.getTasks()) {
            if (trial.getSubWorkflowId() == null) {
                continue;
            }
            List<Task> tasks = workflows.getWorkflow(trial.getSubWorkflowId(), true).getTasks();
            for (int i = 1; i < tasks.size(); i++) {
                hops.add(tasks.get(i).getStartTime() - tasks.get(i - 1).getEndTime());
            }
        }
        List<SweepTable.Row> rows = outcome.table().rows();
        return new Result(workers, (sweep.getEndTime() - sweep.getCreateTime()) / 1000.0, prepare,
                rows.stream().mapToDouble(SweepTable.Row::trainSeconds).sum(),
                rows.stream().mapToDouble(SweepTable.Row::evalSeconds).sum(), hops);
    }

    private static void print(List<Result> results, int epochs, int slices, int cores) {
        System.out.printf("%n4-trial sweep (UNet width 4, 32x32, %d epochs, 3 training cases x %d slices), %d cores%n%n",
                epochs, slices, cores);
        System.out.println("| training workers | threads each | sweep wall s | prepare s | Σ train s | Σ eval s"
                + " | overhead s (wall − prepare − Σ train − Σ eval) | overhead % of wall | speed-up |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double single = results.getFirst().wallSeconds();
        for (Result r : results) {
            System.out.printf("| %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2fx |%n", r.workers(),
                    Math.max(1, cores / r.workers()), r.wallSeconds(), r.prepareSeconds(), r.trainSeconds(),
                    r.evalSeconds(), r.overheadSeconds(), 100 * r.overheadSeconds() / r.wallSeconds(),
                    single / r.wallSeconds());
        }
        System.out.println();
        System.out.println("| per-hop scheduling latency (task end → next task start, trial workflows) | hops"
                + " | median ms | p95 ms | max ms |");
        System.out.println("|---|---|---|---|---|");
        for (Result r : results) {
            List<Long> sorted = r.hopsMillis().stream().sorted().toList();
            System.out.printf("| %d worker(s) | %d | %d | %d | %d |%n", r.workers(), sorted.size(),
                    percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.getLast());
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
