package org.selfreg.system.bench;

import com.netflix.conductor.client.http.ConductorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.WorkerHost;
import org.selfreg.infra.compare.RungForecast;
import org.selfreg.infra.compare.Stats;
import org.selfreg.infra.compare.TrialRecords;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.infra.sweep.SweepRunner;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.workers.SweepTable;

/**
 * Benchmark (bench/scheduler.sh), not a test: what ASHA saves on a 27-configuration lambda1 x lambda2 x lr grid on the
 * synthetic dataset (by default 32 cases, an eighth each for validation and test). The grid runs once with every
 * trial to its last epoch and once under ASHA (by default rungs at 2 and 6 of 12 epochs, the top third goes on), on
 * the local stack with one worker (one training at a time, as a single machine runs them). Reported: how well each
 * epoch's validation Dice ranked the grid's trials (where rungs can go), the training seconds of all trials (what the
 * scheduler saves), the sweeps' wall times and where they went, the epochs trained, and the winner of each by
 * validation Dice (the rule that registers the best trial) with its test Dice; then the grid winner's configuration on
 * two more seeds, for the spread a different winner is judged against.
 *
 * <p>Usage: {@code SchedulerBench <work dir> [epochs] [cases] [minEpochs] [reduction]}.
 */
public final class SchedulerBench {

    private static final Duration TIMEOUT = Duration.ofHours(6);
    private static final List<Double> LAMBDAS = List.of(0.001, 0.015, 0.15);
    private static final List<Double> LEARNING_RATES = List.of(0.001, 0.01, 0.05);

    private SchedulerBench() {
    }

    /** A finished sweep: its rows, wall time and each trial's validation Dice by epoch. */
    private record Measured(String name, SweepOutcome outcome, double wallSeconds,
                            Map<String, SortedMap<Integer, Double>> valDice, SweepTimeline timeline) {

        Map<String, Double> bestValDice() {
            Map<String, Double> best = new LinkedHashMap<>();
            valDice.forEach((trial, curve) -> best.put(trial,
                    curve.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
            return best;
        }

        double trainSeconds() {
            return outcome.table().rows().stream().mapToDouble(SweepTable.Row::trainSeconds).sum();
        }

        double evalSeconds() {
            return outcome.table().rows().stream().mapToDouble(SweepTable.Row::evalSeconds).sum();
        }

        int epochs() {
            return outcome.table().rows().stream().mapToInt(SweepTable.Row::epochsCompleted).sum();
        }

        long stopped() {
            return outcome.table().rows().stream().filter(r -> r.status().equals(SweepTable.Row.STOPPED)).count();
        }

        /** The trial a sweep registers: the highest validation Dice among those trained to the end. */
        SweepTable.Row winner() {
            Map<String, Double> best = bestValDice();
            return outcome.table().rows().stream().filter(SweepTable.Row::completed)
                    .max(Comparator.comparingDouble(r -> best.get(r.trial()))).orElseThrow();
        }
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(args[0]).toAbsolutePath();
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int cases = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int minEpochs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int reduction = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        // An eighth of the cases each for validation and test: one validation volume ranks 27 configurations by noise.
        int heldOut = Math.max(1, cases / 8);
        Map<String, Object> dataset = Map.of("source", "synthetic", "cases", cases, "size", 48, "minSlices", 10,
                "maxSlices", 12, "seed", 7, "valCases", heldOut, "testCases", heldOut);
        Map<String, Object> trial = Map.of("epochs", epochs, "baseWidth", 8, "imageSize", 48, "batchSize", 8,
                "seed", 7);
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("lambdaInter", LAMBDAS);
        grid.put("lambdaIntra", LAMBDAS);
        grid.put("baseLr", LEARNING_RATES);
        String stamp = Long.toString(System.currentTimeMillis());
        try (LocalStack stack = LocalStack.start(StackOptions.localOnFreePorts(workDir))) {
            ConductorClient conductor = ConductorClient.builder()
                    .basePath(stack.endpoints().conductorApi().toString()).build();
            try (WorkerHost ignored = WorkerHost.start(conductor, stack.endpoints(), workDir.resolve("worker"), null);
                 MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow())) {
                SweepRequest full = new SweepRequest("bench-grid-" + stamp, "grid", dataset, grid, trial, Map.of());
                System.out.printf("full grid: %d trials of %d epochs...%n", 27, epochs);
                Measured gridRun = run(conductor, mlflow, "full grid", full);
                System.out.printf(Locale.ROOT, "The full grid's validation Dice (best so far) at each epoch against its"
                        + " ranking at the end:%n%n%s%n",
                        RungForecast.of(gridRun.valDice()).orElseThrow().table(reduction));
                System.out.println("the same grid under ASHA...");
                Measured asha = run(conductor, mlflow, "ASHA", new SweepRequest("bench-asha-" + stamp, "asha",
                        dataset, grid, trial, Map.of()).withScheduler(Map.of("type", "asha", "minEpochs", minEpochs,
                        "reduction", reduction)));
                System.out.println("the grid winner on two more seeds...");
                SweepOutcome seeds = await(conductor, new SweepRequest("bench-seeds-" + stamp, "seeds", dataset,
                        Map.of("seed", List.of(8, 9)), configurationOf(gridRun.winner(), mlflow, trial), Map.of()));
                print(gridRun, asha, seeds, epochs, cases, heldOut);
                System.out.printf(Locale.ROOT, "ASHA: minEpochs %d, reduction %d%n%nWhere the wall time went (every"
                        + " trial's worker tasks, from Conductor's record):%n%n%s%s%s", minEpochs, reduction,
                        SweepTimeline.header(), gridRun.timeline().table("full grid"),
                        asha.timeline().table("ASHA"));
            }
        }
    }

    private static Measured run(ConductorClient conductor, MlflowTracker mlflow, String name, SweepRequest request)
            throws InterruptedException {
        long start = System.nanoTime();
        SweepOutcome outcome = await(conductor, request);
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, SortedMap<Integer, Double>> valDice = new LinkedHashMap<>();
        for (SweepTable.Row row : outcome.table().rows()) {
            valDice.put(row.trial(), TrialRecords.validationDice(mlflow, row.runId()));
        }
        return new Measured(name, outcome, wall, valDice, SweepTimeline.of(conductor, outcome.workflowId()));
    }

    private static SweepOutcome await(ConductorClient conductor, SweepRequest request) throws InterruptedException {
        SweepRunner runner = new SweepRunner(conductor);
        SweepOutcome outcome = runner.await(runner.submit(request), TIMEOUT, snapshot -> { });
        boolean allEvaluated = outcome.table().rows().stream().allMatch(SweepTable.Row::evaluated);
        if (!outcome.completed() || !allEvaluated) {
            throw new IllegalStateException("sweep " + request.sweepName() + " " + outcome.status() + ", failures "
                    + outcome.failures() + "\n" + outcome.table().toText());
        }
        return outcome;
    }

    /** The shared trial settings with the winner's lambdas and learning rate, read back from its run's params. */
    private static Map<String, Object> configurationOf(SweepTable.Row winner, MlflowTracker mlflow,
                                                       Map<String, Object> trial) {
        Map<String, Object> configuration = new LinkedHashMap<>(trial);
        configuration.remove("seed");
        mlflow.run(winner.runId()).getData().getParamsList().stream()
                .filter(p -> List.of("lambdaIntra", "lambdaInter", "baseLr").contains(p.getKey()))
                .forEach(p -> configuration.put(p.getKey(), Double.parseDouble(p.getValue())));
        return configuration;
    }

    private static void print(Measured grid, Measured asha, SweepOutcome seeds, int epochs, int cases, int heldOut) {
        System.out.printf(Locale.ROOT, "%n27 configurations (lambdaInter x lambdaIntra in %s, baseLr in %s), %d epochs,"
                + " synthetic %d cases of 10-12 slices 48x48 (%d validation, %d test), UNet width 8, batch 8, one"
                + " worker, %d cores%n%n", LAMBDAS, LEARNING_RATES, epochs, cases, heldOut, heldOut,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| sweep | training s | ratio | evaluation s | wall s | ratio | epochs trained | stopped |"
                + " winner (by validation) | its val Dice | its test Dice |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        for (Measured m : List.of(grid, asha)) {
            SweepTable.Row w = m.winner();
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.0f | %.0f | %.2f | %d | %d | %s | %.4f | %.4f |%n",
                    m.name(), m.trainSeconds(), m.trainSeconds() / grid.trainSeconds(), m.evalSeconds(),
                    m.wallSeconds(),
                    m.wallSeconds() / grid.wallSeconds(), m.epochs(), m.stopped(), w.trial(),
                    m.bestValDice().get(w.trial()), w.meanDice());
        }
        SweepTable.Row gridWinner = grid.winner();
        SweepTable.Row ashaWinner = asha.winner();
        List<Double> seedDice = new ArrayList<>(seeds.table().rows().stream()
                .map(SweepTable.Row::meanDice).toList());
        seedDice.add(gridWinner.meanDice());
        Stats spread = Stats.of(seedDice);
        double mean = spread.mean();
        double std = spread.std();
        double ashaWinnerInGrid = grid.outcome().table().rows().stream()
                .filter(r -> r.trial().equals(ashaWinner.trial())).findFirst().orElseThrow().meanDice();
        Map<String, Double> gridBest = grid.bestValDice();
        int rank = 1 + (int) grid.outcome().table().rows().stream()
                .filter(r -> gridBest.get(r.trial()) > gridBest.get(ashaWinner.trial())).count();
        System.out.printf(Locale.ROOT, "%nSame winner: %s. The ASHA winner ranks %d of 27 by validation in the full"
                        + " grid (test Dice there %.4f); the grid winner's test Dice over seeds 7, 8, 9: %.4f ± %.4f"
                        + " (std), a difference of %.4f is %s that spread.%n",
                gridWinner.trial().equals(ashaWinner.trial()) ? "yes" : "no, " + ashaWinner.trial(), rank,
                ashaWinnerInGrid, mean, std, gridWinner.meanDice() - ashaWinnerInGrid,
                Math.abs(gridWinner.meanDice() - ashaWinnerInGrid) <= std ? "within" : "outside");
    }
}
