package org.selfreg.infra.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Trials grouped by configuration (seeds pooled): mean ± std of Dice and of the {@link SecondMetric} (HD95, or IoU for
 * 2-D images), overall and per class, and the best configuration by mean Dice. Trials a sweep's scheduler stopped
 * early stay out of the groups (their scores are of shorter training) and are listed apart; the best configuration
 * is also given with them pooled in.
 */
public final class Comparison {

    /**
     * One configuration and its statistics over seeds.
     *
     * @param label         the params that set this configuration apart from the others ({@link ConfigurationLabels})
     * @param configuration every param but the seed
     */
    public record Group(String label, SortedMap<String, String> configuration, double lambda, List<TrialRecord> trials,
                        Stats dice, Stats second, Map<String, Stats> organDice, Map<String, Stats> organSecond) {
    }

    private final List<Group> groups;
    private final List<Group> groupsWithStopped;
    private final SecondMetric secondMetric;
    private final Map<SortedMap<String, String>, String> labels;

    private Comparison(List<Group> groups, List<Group> groupsWithStopped, SecondMetric secondMetric,
                       Map<SortedMap<String, String>, String> labels) {
        this.groups = groups;
        this.groupsWithStopped = groupsWithStopped;
        this.secondMetric = secondMetric;
        this.labels = labels;
    }

    public static Comparison of(List<TrialRecord> trials) {
        Map<SortedMap<String, String>, String> labels = ConfigurationLabels.of(
                trials.stream().map(TrialRecord::configuration).collect(Collectors.toCollection(LinkedHashSet::new)));
        TreeSet<String> organs = new TreeSet<>();
        trials.forEach(t -> t.metrics().keySet().stream().filter(k -> k.startsWith("dice_"))
                .forEach(k -> organs.add(k.substring("dice_".length()))));
        SecondMetric second = SecondMetric.of(trials);
        List<TrialRecord> trainedToTheEnd = trials.stream().filter(t -> !t.stopped()).toList();
        return new Comparison(groups(trainedToTheEnd, labels, organs, second), groups(trials, labels, organs, second),
                second, labels);
    }

    private static List<Group> groups(List<TrialRecord> trials, Map<SortedMap<String, String>, String> labels,
                                      TreeSet<String> organs, SecondMetric second) {
        Map<SortedMap<String, String>, List<TrialRecord>> byConfiguration = trials.stream().collect(
                Collectors.groupingBy(TrialRecord::configuration, LinkedHashMap::new, Collectors.toList()));
        List<Group> groups = new ArrayList<>();
        byConfiguration.forEach((configuration, members) -> {
            Map<String, Stats> organDice = new LinkedHashMap<>();
            Map<String, Stats> organSecond = new LinkedHashMap<>();
            for (String organ : organs) {
                organDice.put(organ, stats(members, "dice_" + organ));
                organSecond.put(organ, stats(members, second.ofClass(organ)));
            }
            groups.add(new Group(labels.get(configuration), configuration, members.get(0).lambdaSum(), members,
                    stats(members, "mean_dice"), stats(members, second.mean()), organDice, organSecond));
        });
        groups.sort(Comparator.comparingDouble(Group::lambda).thenComparing(Group::label));
        return groups;
    }

    private static Stats stats(List<TrialRecord> members, String metric) {
        return Stats.of(members.stream().map(t -> t.metrics().getOrDefault(metric, Double.NaN)).toList());
    }

    public List<Group> groups() {
        return groups;
    }

    /**
     * How well the validation Dice at each epoch ranked the trials trained to the end (for a scheduler's
     * {@code minEpochs}), when at least three of them have validation curves over the same epochs.
     */
    public Optional<RungForecast> rungForecast() {
        Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
        groups.forEach(g -> g.trials().forEach(t -> curves.put(t.runId(), t.validationDice())));
        return RungForecast.of(curves);
    }

    /** What {@link Group#second()} measures. */
    public SecondMetric secondMetric() {
        return secondMetric;
    }

    /** The configuration with the highest mean Dice over its seeds, of the trials trained to the end. */
    public Optional<Group> best() {
        return best(groups);
    }

    /** The configuration with the highest mean Dice over its seeds, stopped trials pooled in. */
    public Optional<Group> bestWithStopped() {
        return best(groupsWithStopped);
    }

    private static Optional<Group> best(List<Group> groups) {
        return groups.stream().filter(g -> g.dice().n() > 0).max(Comparator.comparingDouble(g -> g.dice().mean()));
    }

    /** The trials a sweep's scheduler stopped, each with the label of its configuration. */
    public Map<TrialRecord, String> stopped() {
        Map<TrialRecord, String> stopped = new LinkedHashMap<>();
        groupsWithStopped.forEach(g -> g.trials().stream().filter(TrialRecord::stopped)
                .forEach(t -> stopped.put(t, labels.get(t.configuration()))));
        return stopped;
    }
}
