package org.selfreg.system.bench;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.WorkerHost;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.system.WorkerProcess;
import org.selfreg.workers.SweepTable;
import org.selfreg.workers.TaskInput;
import org.selfreg.workers.TrialGrid;

/**
 * Benchmark (bench/orchestration.sh), not a test: what Conductor, MLflow and S3 add to a sweep. The same 4-trial sweep
 * runs directly in this process through the library APIs (the baseline, with no servers); then, {@code repeats} times
 * in alternation, directly again while the local stack and an idle worker JVM run beside it (what the servers cost by
 * merely running) and through a local Conductor server served by one training worker JVM with as many libtorch threads
 * as the direct run; last, by two worker JVMs sharing the cores. Overhead = a 1-worker sweep's wall time minus a direct
 * run's: against the quiet direct run (issue 6's definition) and against the direct run beside the stack of the same
 * repeat, which saw the machine in the same state; single runs on a shared VM differ by a fifth, which a pair and a
 * median over repeats can resolve and one run cannot. Also the CPU time each process used in each run, the latency of
 * each hop between two tasks of a trial workflow, and whether every run reaches the direct run's Dice.
 *
 * <p>Usage: {@code OrchestrationBench <work dir> [epochs] [cases] [repeats]}.
 */
public final class OrchestrationBench {

    private static final Duration TIMEOUT = Duration.ofHours(4);
    private static final Map<String, Object> GRID = SweepRequest.lambdaGrid(List.of(0.0, 0.01, 0.05, 0.1));

    private record Orchestrated(String domain, int workers, int threads, double wallSeconds, double prepareSeconds,
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
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Object> dataset = Map.of("source", "synthetic", "cases", cases, "size", 64, "minSlices", 24,
                "maxSlices", 40, "seed", 7, "valCases", 2, "testCases", 4);
        Map<String, Object> trial = Map.of("epochs", epochs, "baseWidth", 16, "imageSize", 64, "batchSize", 8,
                "baseLr", 0.05, "seed", 7);

        System.out.printf("direct run of %d trials in this process...%n", TrialGrid.expand(TaskInput.of("grid", GRID)).size());
        Direct direct = Direct.run(workDir.resolve("direct"), dataset, trial);
        List<Direct> besideIdleStack = new ArrayList<>();
        List<Orchestrated> oneWorker = new ArrayList<>();
        Orchestrated twoWorkers;
        try (LocalStack stack = LocalStack.start(StackOptions.localOnFreePorts(workDir))) {
            ConductorClient conductor = ConductorClient.builder()
                    .basePath(stack.endpoints().conductorApi().toString()).build();
            // Data preparation and bookkeeping run here; training and evaluation only on the worker JVMs (a domain).
            try (WorkerHost ignored = WorkerHost.start(conductor, stack.endpoints(), workDir.resolve("cpu"), null)) {
                // Alternated, so that a slow spell of the machine falls on both sides of a pair rather than on one.
                for (int repeat = 1; repeat <= repeats; repeat++) {
                    System.out.printf("repeat %d of %d: direct run beside the idle stack and an idle worker JVM...%n",
                            repeat, repeats);
                    try (WorkerProcess idle = WorkerProcess.start(stack.endpoints(),
                            workDir.resolve("idle-worker-" + repeat), "bench-idle-" + repeat, cores)) {
                        besideIdleStack.add(Direct.run(workDir.resolve("direct-beside-stack-" + repeat), dataset,
                                trial));
                    }
                    requireSameDataset(direct, besideIdleStack.getLast().sweep().preparedDigest(),
                            "direct run beside the stack");
                    System.out.printf("repeat %d of %d: sweep through Conductor on 1 worker JVM...%n", repeat, repeats);
                    oneWorker.add(run(conductor, stack, workDir, "bench-1-worker-" + repeat, 1, cores, dataset,
                            trial));
                    requireSameDataset(direct, oneWorker.getLast().datasetDigest(), "1-worker sweep");
                }
                System.out.println("sweep through Conductor on 2 worker JVMs...");
                twoWorkers = run(conductor, stack, workDir, "bench-2-workers", 2, Math.max(1, cores / 2), dataset,
                        trial);
                requireSameDataset(direct, twoWorkers.datasetDigest(), "2-worker sweep");
            }
        }
        List<Orchestrated> orchestrated = new ArrayList<>(oneWorker);
        orchestrated.add(twoWorkers);
        print(direct, besideIdleStack, orchestrated, epochs, cases, cores);
        printOverhead(direct, besideIdleStack, oneWorker);
        printCpu(direct, besideIdleStack, orchestrated);
    }

    /** A direct run and the CPU seconds each process spent during it. */
    private record Direct(DirectSweep sweep, Map<String, Double> cpuSeconds) {

        static Direct run(Path dir, Map<String, Object> dataset, Map<String, Object> trial) throws IOException {
            ProcessCpu before = ProcessCpu.sample();
            DirectSweep sweep = DirectSweep.run(Files.createDirectories(dir), dataset, GRID, trial);
            return new Direct(sweep, ProcessCpu.sample().secondsSince(before));
        }

        double wallSeconds() {
            return sweep.wallSeconds();
        }
    }

    /** A sweep on {@code workers} fresh worker JVMs that poll {@code domain} only. */
    private static Orchestrated run(ConductorClient conductor, LocalStack stack, Path workDir, String domain,
                                    int workers, int threads, Map<String, Object> dataset, Map<String, Object> trial)
            throws Exception {
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
            return measure(new WorkflowClient(conductor), outcome, domain, workers, threads, cpu);
        } finally {
            pool.forEach(WorkerProcess::close);
        }
    }

    private static Orchestrated measure(WorkflowClient workflows, SweepOutcome outcome, String domain, int workers,
                                        int threads, Map<String, Double> cpuSeconds) {
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
        return new Orchestrated(domain, workers, threads, (sweep.getEndTime() - sweep.getCreateTime()) / 1000.0,
                (prepare.getEndTime() - prepare.getStartTime()) / 1000.0,
                String.valueOf(prepare.getOutputData().get("datasetDigest")), outcome.table().rows(), hops,
                cpuSeconds);
    }

    /** The baseline only counts if both ran the same trials on the same data. */
    private static void requireSameDataset(Direct direct, String digest, String run) {
        String prepared = direct.sweep().preparedDigest();
        if (!prepared.equals(digest)) {
            throw new IllegalStateException("the direct run prepared dataset " + prepared + " but the " + run
                    + " trained on " + digest);
        }
    }

    private static void print(Direct direct, List<Direct> besideIdleStack, List<Orchestrated> results, int epochs,
                              int cases, int cores) {
        System.out.printf("%n4-trial sweep (UNet width 16, 64x64, %d epochs, %d synthetic cases), %d cores%n%n",
                epochs, cases, cores);
        System.out.println("| run | worker JVMs × threads | wall s | prepare s | Σ trials s (train + eval)"
                + " | overhead s (wall − direct wall) | overhead % | speed-up over direct |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        DirectSweep quiet = direct.sweep();
        System.out.printf("| direct, one process | – × %d | %.1f | %.1f | %.1f | | | 1.00× |%n", cores,
                quiet.wallSeconds(), quiet.prepareSeconds(), quiet.trialSeconds());
        for (int i = 0; i < besideIdleStack.size(); i++) {
            DirectSweep beside = besideIdleStack.get(i).sweep();
            double idleCost = beside.wallSeconds() - quiet.wallSeconds();
            System.out.printf("| direct, beside the idle stack and an idle worker JVM (repeat %d) | – × %d | %.1f"
                            + " | %.1f | %.1f | %.1f | %.1f | %.2f× |%n", i + 1, cores, beside.wallSeconds(),
                    beside.prepareSeconds(), beside.trialSeconds(), idleCost, 100 * idleCost / quiet.wallSeconds(),
                    quiet.wallSeconds() / beside.wallSeconds());
        }
        for (Orchestrated r : results) {
            double overhead = r.wallSeconds() - quiet.wallSeconds();
            // Against the direct run, an overhead only means something with the same cores per trial.
            String overheadCells = r.workers() == 1
                    ? String.format("%.1f | %.1f", overhead, 100 * overhead / quiet.wallSeconds()) : "– | –";
            System.out.printf("| Conductor + MLflow + S3 (%s) | %d × %d | %.1f | %.1f | %.1f | %s | %.2f× |%n",
                    r.domain(), r.workers(), r.threads(), r.wallSeconds(), r.prepareSeconds(), r.trialSeconds(),
                    overheadCells, quiet.wallSeconds() / r.wallSeconds());
        }
        System.out.println();
        System.out.println("| per-hop scheduling latency (task end → next task start, trial workflows) | hops"
                + " | median ms | p95 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Orchestrated r : results) {
            List<Long> sorted = r.hopsMillis().stream().sorted().toList();
            System.out.printf("| %s | %d | %d | %d | %d |%n", r.domain(), sorted.size(), percentile(sorted, 0.5),
                    percentile(sorted, 0.95), sorted.getLast());
        }
        System.out.println();
        printPerTrial("mean Dice", "%.5f", direct, besideIdleStack, results, DirectSweep::meanDice,
                SweepTable.Row::meanDice);
        // Seconds per trial show whether a sweep is slower in every trial (the training itself) or in fixed costs.
        printPerTrial("seconds (train + evaluate)", "%.1f", direct, besideIdleStack, results,
                DirectSweep::eachTrialSeconds, SweepTable.Row::wallSeconds);
    }

    private static void printPerTrial(String what, String format, Direct direct, List<Direct> besideIdleStack,
                                      List<Orchestrated> results, Function<DirectSweep, List<Double>> ofDirect,
                                      Function<SweepTable.Row, Double> ofRow) {
        Function<List<Double>, String> cells = values -> values.stream().map(v -> String.format(format, v)).toList()
                .toString();
        System.out.println(what + " per trial, direct: " + cells.apply(ofDirect.apply(direct.sweep())));
        for (int i = 0; i < besideIdleStack.size(); i++) {
            System.out.println(what + " per trial, direct beside the idle stack (repeat " + (i + 1) + "): "
                    + cells.apply(ofDirect.apply(besideIdleStack.get(i).sweep())));
        }
        for (Orchestrated r : results) {
            System.out.println(what + " per trial, " + r.domain() + ": "
                    + cells.apply(r.rows().stream().map(ofRow).toList()));
        }
    }

    /**
     * The overhead of each 1-worker sweep against the direct run beside the idle stack just before it (the pair shares
     * the machine's state of the moment) and against the quiet direct run (the definition), with medians.
     */
    private static void printOverhead(Direct direct, List<Direct> besideIdleStack, List<Orchestrated> oneWorker) {
        List<Double> paired = new ArrayList<>();
        List<Double> againstQuiet = new ArrayList<>();
        List<Double> idleStack = new ArrayList<>();
        for (int i = 0; i < oneWorker.size(); i++) {
            double beside = besideIdleStack.get(i).wallSeconds();
            paired.add(100 * (oneWorker.get(i).wallSeconds() - beside) / beside);
            againstQuiet.add(100 * (oneWorker.get(i).wallSeconds() - direct.wallSeconds()) / direct.wallSeconds());
            idleStack.add(100 * (beside - direct.wallSeconds()) / direct.wallSeconds());
        }
        System.out.println();
        System.out.println("| 1-worker overhead, % | per repeat | median |");
        System.out.println("|---|---|---:|");
        printOverheadRow("sweep − direct beside the idle stack, same repeat", paired);
        printOverheadRow("direct beside the idle stack − quiet direct (the idle stack's cost)", idleStack);
        printOverheadRow("sweep − quiet direct (issue 6's definition)", againstQuiet);
    }

    private static void printOverheadRow(String what, List<Double> percents) {
        List<String> cells = percents.stream().map(p -> String.format("%+.1f", p)).toList();
        List<Double> sorted = percents.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf("| %s | %s | %+.1f |%n", what, String.join(", ", cells), median);
    }

    private static void printCpu(Direct direct, List<Direct> besideIdleStack, List<Orchestrated> results) {
        List<String> roles = List.of(ProcessCpu.BENCH_JVM, ProcessCpu.CONDUCTOR, ProcessCpu.MLFLOW, ProcessCpu.WORKERS,
                ProcessCpu.OTHER);
        System.out.println();
        System.out.println("| CPU seconds during the run | " + String.join(" | ", roles) + " | all |");
        System.out.println("|---" + "|---:".repeat(roles.size() + 1) + "|");
        printCpuRow("direct, one process", direct.cpuSeconds(), roles);
        for (int i = 0; i < besideIdleStack.size(); i++) {
            printCpuRow("direct, beside the idle stack (repeat " + (i + 1) + ")", besideIdleStack.get(i).cpuSeconds(),
                    roles);
        }
        for (Orchestrated r : results) {
            printCpuRow("Conductor + MLflow + S3, " + r.domain(), r.cpuSeconds(), roles);
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
