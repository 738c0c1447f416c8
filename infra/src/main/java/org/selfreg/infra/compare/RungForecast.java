package org.selfreg.infra.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where a sweep's scheduler can decide, read from trials trained to the end: at each epoch, how well the best
 * validation Dice so far (what ASHA and the median rule decide on) ranks the trials as they end. For every epoch it
 * gives the rank of the trial that ends best, whether a top-1/reduction cut there keeps it, and Spearman's rank
 * correlation (ties at their average rank) between the values then and at the end. A rung placed where the eventual
 * best falls out of the top fraction stops it: on the synthetic benchmark the first epoch ranked trials in reverse
 * (BENCHMARKS.md, scheduler).
 */
public final class RungForecast {

    private static final int MIN_TRIALS = 3;

    private final List<Integer> epochs;
    private final double[][] bestSoFar;

    private RungForecast(List<Integer> epochs, List<SortedMap<Integer, Double>> curves) {
        this.epochs = List.copyOf(epochs);
        this.bestSoFar = new double[curves.size()][epochs.size()];
        for (int t = 0; t < curves.size(); t++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int e = 0; e < epochs.size(); e++) {
                best = Math.max(best, curves.get(t).get(epochs.get(e)));
                bestSoFar[t][e] = best;
            }
        }
    }

    /**
     * The forecast over the trials that validated at the same epochs (the most common set, of at least two epochs),
     * if at least three did.
     *
     * @param curves each trial's validation Dice by epoch
     */
    public static Optional<RungForecast> of(Map<String, SortedMap<Integer, Double>> curves) {
        Map<SortedSet<Integer>, List<SortedMap<Integer, Double>>> byEpochs = new LinkedHashMap<>();
        curves.values().stream().filter(c -> c.size() >= 2 && c.values().stream().allMatch(Double::isFinite))
                .forEach(c -> byEpochs.computeIfAbsent(new TreeSet<>(c.keySet()), k -> new ArrayList<>()).add(c));
        return byEpochs.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size()))
                .filter(e -> e.getValue().size() >= MIN_TRIALS)
                .map(e -> new RungForecast(List.copyOf(e.getKey()), e.getValue()));
    }

    /** The trials compared. */
    public int trials() {
        return bestSoFar.length;
    }

    /** The epochs with a validation Dice for every trial compared. */
    public List<Integer> epochs() {
        return epochs;
    }

    /** 1 + how many trials are strictly ahead, at an epoch, of the trial that ends best. */
    public int bestTrialRank(int epoch) {
        int column = column(epoch);
        int best = bestAtTheEnd();
        int ahead = 0;
        for (double[] trial : bestSoFar) {
            if (trial[column] > bestSoFar[best][column]) {
                ahead++;
            }
        }
        return ahead + 1;
    }

    /** Spearman's rho between the values at an epoch and at the last one; NaN where either ranking is all ties. */
    public double spearman(int epoch) {
        return pearson(ranks(values(column(epoch))), ranks(values(epochs.size() - 1)));
    }

    /** A Markdown table, a row per epoch (all of the first ten, then about ten more up to the last). */
    public String table(int reduction) {
        int kept = (int) Math.ceil(trials() / (double) reduction);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "| epoch | rank of the trial that ends best (of %d) | in the top %d (1/%d) | Spearman rho with the"
                        + " end |%n|---:|---:|---|---:|%n", trials(), kept, reduction));
        int last = epochs.get(epochs.size() - 1);
        int stride = Math.max(1, (int) Math.ceil((last - 10) / 10.0));
        for (int epoch : epochs) {
            if (epoch <= 10 || epoch % stride == 0 || epoch == last) {
                int rank = bestTrialRank(epoch);
                out.append(String.format(Locale.ROOT, "| %d | %d | %s | %.2f |%n", epoch, rank,
                        rank <= kept ? "yes" : "no", spearman(epoch)));
            }
        }
        return out.toString();
    }

    private int column(int epoch) {
        int column = epochs.indexOf(epoch);
        if (column < 0) {
            throw new IllegalArgumentException("no validation Dice at epoch " + epoch + "; epochs: " + epochs);
        }
        return column;
    }

    private int bestAtTheEnd() {
        int last = epochs.size() - 1;
        int best = 0;
        for (int t = 1; t < bestSoFar.length; t++) {
            if (bestSoFar[t][last] > bestSoFar[best][last]) {
                best = t;
            }
        }
        return best;
    }

    private double[] values(int column) {
        double[] values = new double[bestSoFar.length];
        for (int t = 0; t < values.length; t++) {
            values[t] = bestSoFar[t][column];
        }
        return values;
    }

    /** Ranks from 1, ties at their average rank (as SciPy's {@code rankdata}, which {@code spearmanr} uses). */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = (start + end) / 2.0 + 1;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
