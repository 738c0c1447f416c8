package org.selfreg.infra.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Trials grouped by configuration (seeds pooled): mean ± std of Dice and HD95, overall and per class, and the best
 * configuration by mean Dice.
 */
public final class Comparison {

    /**
     * One configuration and its statistics over seeds.
     *
     * @param label         the params that set this configuration apart from the others ({@link ConfigurationLabels})
     * @param configuration every param but the seed
     */
    public record Group(String label, SortedMap<String, String> configuration, double lambda, List<TrialRecord> trials,
                        Stats dice, Stats hd95, Map<String, Stats> organDice, Map<String, Stats> organHd95) {
    }

    private final List<Group> groups;

    private Comparison(List<Group> groups) {
        this.groups = groups;
    }

    public static Comparison of(List<TrialRecord> trials) {
        Map<SortedMap<String, String>, List<TrialRecord>> byConfiguration = trials.stream().collect(
                Collectors.groupingBy(TrialRecord::configuration, LinkedHashMap::new, Collectors.toList()));
        Map<SortedMap<String, String>, String> labels = ConfigurationLabels.of(byConfiguration.keySet());
        TreeSet<String> organs = new TreeSet<>();
        trials.forEach(t -> t.metrics().keySet().stream().filter(k -> k.startsWith("dice_"))
                .forEach(k -> organs.add(k.substring("dice_".length()))));
        List<Group> groups = new ArrayList<>();
        byConfiguration.forEach((configuration, members) -> {
            Map<String, Stats> organDice = new LinkedHashMap<>();
            Map<String, Stats> organHd95 = new LinkedHashMap<>();
            for (String organ : organs) {
                organDice.put(organ, stats(members, "dice_" + organ));
                organHd95.put(organ, stats(members, "hd95_" + organ));
            }
            groups.add(new Group(labels.get(configuration), configuration, members.get(0).lambdaSum(), members,
                    stats(members, "mean_dice"), stats(members, "mean_hd95"), organDice, organHd95));
        });
        groups.sort(Comparator.comparingDouble(Group::lambda).thenComparing(Group::label));
        return new Comparison(groups);
    }

    private static Stats stats(List<TrialRecord> members, String metric) {
        return Stats.of(members.stream().map(t -> t.metrics().getOrDefault(metric, Double.NaN)).toList());
    }

    public List<Group> groups() {
        return groups;
    }

    /** The configuration with the highest mean Dice over its seeds. */
    public Optional<Group> best() {
        return groups.stream().filter(g -> g.dice().n() > 0).max(Comparator.comparingDouble(g -> g.dice().mean()));
    }
}
