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
import org.selfreg.workers.TrialGrid;
import org.selfreg.workers.SweepTable;

/**
 * Benchmark (bench/orchestration.sh), not a test: what Conductor, MLflow and S3 add to a sweep. The same 4-trial sweep
 * runs four times: directly in this process through the library APIs (the baseline); directly again while the local
 * stack and an idle worker JVM run beside it (what the servers cost by merely running); through a local Conductor
 * server served by one training worker JVM with as many libtorch threads as the direct run; and by two worker JVMs
 * sharing the cores. Overhead = the 1-worker sweep's wall time minus the direct run's. Also the CPU time each process
 * used in each run, the latency of each hop between two tasks of a trial workflow, and whether every run reaches the
 * direct run's Dice.
 *
 * <p>Usage: {@code OrchestrationBench <work dir> [epochs] [cases]}.
 */
public final class OrchestrationBench {

    private static final Duration TIMEOUT = Duration.ofHours(4);
    private static final Map<String, Object> GRID = SweepRequest.lambdaGrid(List.of(0.0, 0.01, 0.05, 0.1));

    private record Orchestrated(int workers, int threads, double wallSeconds, double prepareSeconds,
                                String datasetDigest, List<SweepTable.Row> rows, List<Long> hopsMillis,
                                Map<String, Double> cpuSeconds) {

        double trialSeconds() {
            return rows.stream().mapToDouble(SweepTable.Row::wallSeconds).sum();
        }
    }

    private OrchestrationBench() {
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(args[0]).toAbsolutePath();
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int cases = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Object> dataset = Map.of("source", "synthetic", "cases", cases, "size", 64, "minSlices", 24,
                "maxSlices", 40, "seed", 7, "valCases", 2, "testCases", 4);
        Map<String, Object> trial = Map.of("epochs", epochs, "baseWidth", 16, "imageSize", 64, "batchSize", 8,
                "baseLr", 0.05, "seed", 7);

        System.out.printf("direct run of %d trials in this process...%n", TrialGrid.expand(GRID).size());
        ProcessCpu beforeDirect = ProcessCpu.sample();
        DirectSweep direct = DirectSweep.run(Files.createDirectories(workDir.resolve("direct")), dataset, GRID, trial);
        Map<String, Double> directCpu = ProcessCpu.sample().secondsSince(beforeDirect);
        DirectSweep besideIdleStack;
        Map<String, Double> besideIdleStackCpu;
        List<Orchestrated> results = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(StackOptions.localOnFreePorts(workDir))) {
            ConductorClient conductor = ConductorClient.builder()
                    .basePath(stack.endpoints().conductorApi().toString()).build();
            // Data preparation and bookkeeping run here; training and evaluation only on the worker JVMs (a domain).
            try (WorkerHost ignored = WorkerHost.start(conductor, stack.endpoints(), workDir.resolve("cpu"), null)) {
                System.out.println("direct run again beside the idle stack and an idle worker JVM...");
                try (WorkerProcess idle = WorkerProcess.start(stack.endpoints(), workDir.resolve("idle-worker"),
                        "bench-idle", cores)) {
                    ProcessCpu before = ProcessCpu.sample();
                    besideIdleStack = DirectSweep.run(Files.createDirectories(workDir.resolve("direct-beside-stack")),
                            dataset, GRID, trial);
                    besideIdleStackCpu = ProcessCpu.sample().secondsSince(before);
                }
                requireSameDataset(direct, besideIdleStack.preparedDigest(), "second direct run");
                for (int workers : List.of(1, 2)) {
                    System.out.printf("sweep through Conductor on %d worker JVM(s)...%n", workers);
                    Orchestrated result = run(conductor, stack, workDir, workers, Math.max(1, cores / workers),
                            dataset, trial);
                    requireSameDataset(direct, result.datasetDigest(), workers + "-worker sweep");
                    results.add(result);
                }
            }
        }
        print(direct, besideIdleStack, results, epochs, cases, cores);
        printCpu(directCpu, besideIdleStackCpu, results);
    }

    private static Orchestrated run(ConductorClient conductor, LocalStack stack, Path workDir, int workers,
                                    int threads, Map<String, Object> dataset, Map<String, Object> trial)
            throws Exception {
        String domain = "bench-" + workers + "-workers";
        List<WorkerProcess> pool = new ArrayList<>();
        ProcessCpu before = ProcessCpu.sample();
        try {
            for (int i = 0; i < workers; i++) {
                pool.add(WorkerProcess.start(stack.endpoints(), workDir.resolve(domain + "-" + i), domain, threads));
            }
            // A new experiment per sweep: nothing is reused from the previous one.
            SweepRequest request = new SweepRequest(domain + "-" + System.currentTimeMillis(), domain, dataset, GRID,
                    trial, Map.of());
            SweepRunner runner = new SweepRunner(conductor);
            SweepOutcome outcome = runner.await(runner.submit(request, domain), TIMEOUT, snapshot -> { });
            List<SweepTable.Row> incomplete = outcome.completed() ? outcome.table().rows().stream()
                    .filter(r -> !SweepTable.Row.COMPLETED.equals(r.status()) || Double.isNaN(r.wallSeconds()))
                    .toList() : List.of();
            if (!outcome.completed() || !incomplete.isEmpty()) {
                throw new IllegalStateException("sweep " + outcome.status() + ", failures " + outcome.failures()
                        + ", trials without results " + incomplete);
            }
            // Sampled while the worker JVMs still run: the CPU of a process that has exited cannot be read.
            Map<String, Double> cpu = ProcessCpu.sample().secondsSince(before);
            return measure(new WorkflowClient(conductor), outcome, workers, threads, cpu);
        } finally {
            pool.forEach(WorkerProcess::close);
        }
    }

    private static Orchestrated measure(WorkflowClient workflows, SweepOutcome outcome, int workers, int threads,
                                        Map<String, Double> cpuSeconds) {
        Workflow sweep = workflows.getWorkflow(outcome.workflowId(), true);
        Task prepare = sweep.getTasks().stream().filter(t -> t.getReferenceTaskName().equals("prepare"))
                .reduce((first, retry) -> retry).orElseThrow();
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
        return new Orchestrated(workers, threads, (sweep.getEndTime() - sweep.getCreateTime()) / 1000.0,
                (prepare.getEndTime() - prepare.getStartTime()) / 1000.0,
                String.valueOf(prepare.getOutputData().get("datasetDigest")), outcome.table().rows(), hops,
                cpuSeconds);
    }

    /** The baseline only counts if both ran the same trials on the same data. */
    private static void requireSameDataset(DirectSweep direct, String digest, String run) {
        if (!direct.preparedDigest().equals(digest)) {
            throw new IllegalStateException("the direct run prepared dataset " + direct.preparedDigest()
                    + " but the " + run + " trained on " + digest);
        }
    }

    private static void print(DirectSweep direct, DirectSweep besideIdleStack, List<Orchestrated> results, int epochs,
                              int cases, int cores) {
        System.out.printf("%n4-trial sweep (UNet width 16, 64x64, %d epochs, %d synthetic cases), %d cores%n%n",
                epochs, cases, cores);
        System.out.println("| run | worker JVMs × threads | wall s | prepare s | Σ trials s (train + eval)"
                + " | overhead s (wall − direct wall) | overhead % | speed-up over direct |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| direct, one process | – × %d | %.1f | %.1f | %.1f | | | 1.00× |%n", cores,
                direct.wallSeconds(), direct.prepareSeconds(), direct.trialSeconds());
        double idleCost = besideIdleStack.wallSeconds() - direct.wallSeconds();
        System.out.printf("| direct, beside the idle stack and an idle worker JVM | – × %d | %.1f | %.1f | %.1f"
                        + " | %.1f | %.1f | %.2f× |%n", cores, besideIdleStack.wallSeconds(),
                besideIdleStack.prepareSeconds(), besideIdleStack.trialSeconds(), idleCost,
                100 * idleCost / direct.wallSeconds(), direct.wallSeconds() / besideIdleStack.wallSeconds());
        for (Orchestrated r : results) {
            double overhead = r.wallSeconds() - direct.wallSeconds();
            // Against the direct run, an overhead only means something with the same cores per trial.
            String overheadCells = r.workers() == 1
                    ? String.format("%.1f | %.1f", overhead, 100 * overhead / direct.wallSeconds()) : "– | –";
            System.out.printf("| Conductor + MLflow + S3 | %d × %d | %.1f | %.1f | %.1f | %s | %.2f× |%n",
                    r.workers(), r.threads(), r.wallSeconds(), r.prepareSeconds(), r.trialSeconds(), overheadCells,
                    direct.wallSeconds() / r.wallSeconds());
        }
        System.out.println();
        System.out.println("| per-hop scheduling latency (task end → next task start, trial workflows) | hops"
                + " | median ms | p95 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Orchestrated r : results) {
            List<Long> sorted = r.hopsMillis().stream().sorted().toList();
            System.out.printf("| %d worker JVM(s) | %d | %d | %d | %d |%n", r.workers(), sorted.size(),
                    percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.getLast());
        }
        System.out.println();
        System.out.println("mean Dice per trial, direct: " + direct.meanDice());
        System.out.println("mean Dice per trial, direct beside the idle stack: " + besideIdleStack.meanDice());
        for (Orchestrated r : results) {
            System.out.println("mean Dice per trial, " + r.workers() + " worker JVM(s): "
                    + r.rows().stream().map(SweepTable.Row::meanDice).toList());
        }
    }

    private static void printCpu(Map<String, Double> direct, Map<String, Double> besideIdleStack,
                                 List<Orchestrated> results) {
        List<String> roles = List.of(ProcessCpu.BENCH_JVM, ProcessCpu.CONDUCTOR, ProcessCpu.MLFLOW, ProcessCpu.WORKERS,
                ProcessCpu.OTHER);
        System.out.println();
        System.out.println("| CPU seconds during the run | " + String.join(" | ", roles) + " | all |");
        System.out.println("|---" + "|---:".repeat(roles.size() + 1) + "|");
        printCpuRow("direct, one process", direct, roles);
        printCpuRow("direct, beside the idle stack", besideIdleStack, roles);
        for (Orchestrated r : results) {
            printCpuRow("Conductor + MLflow + S3, " + r.workers() + " worker JVM(s)", r.cpuSeconds(), roles);
        }
    }

    private static void printCpuRow(String run, Map<String, Double> cpu, List<String> roles) {
        StringBuilder row = new StringBuilder("| " + run);
        for (String role : roles) {
            row.append(String.format(" | %.1f", cpu.getOrDefault(role, 0.0)));
        }
        row.append(String.format(" | %.1f |", cpu.values().stream().mapToDouble(Double::doubleValue).sum()));
        System.out.println(row);
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
