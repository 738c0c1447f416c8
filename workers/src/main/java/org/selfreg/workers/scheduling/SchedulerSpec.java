package org.selfreg.workers.scheduling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.selfreg.workers.TaskInput;

/**
 * A sweep's {@code scheduler} section: which trials to stop before their last epoch, decided on the validation Dice
 * that model selection uses (the best so far, whose checkpoint evaluation picks).
 * <pre>
 * scheduler: asha                                   # rungs at 1, 3, 9, ... epochs, keep the top third
 * scheduler: {type: asha, minEpochs: 2, reduction: 3}
 * scheduler: {type: median, minEpochs: 5, every: 5, minTrials: 3}
 * scheduler: none                                   # every trial to its last epoch (the default)
 * </pre>
 *
 * <p>{@code asha} is asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", MLSys 2020): rungs at {@code minEpochs * reduction^k} epochs before the last, and a trial reaching a rung
 * goes on only if it is among the best {@code 1/reduction} of the trials recorded there before it
 * ({@link StoppingRule#asha}). {@code median} is the median stopping rule (Golovin et al., "Google Vizier", KDD 2017):
 * from {@code minEpochs} on, every {@code every} epochs, a trial whose best value is below the median of the other
 * trials' running means at that epoch stops, once {@code minTrials} others are recorded there
 * ({@link StoppingRule#median}).
 *
 * @param kind      the rule
 * @param minEpochs the first decision epoch ({@code r} of ASHA, the grace period of the median rule)
 * @param reduction ASHA's {@code eta}: rung {@code k} is at {@code minEpochs * reduction^k}, a third goes on by default
 * @param every     the median rule's epochs between decisions
 * @param minTrials the median rule's count of other trials it needs at an epoch before it stops anything
 */
public record SchedulerSpec(Kind kind, int minEpochs, int reduction, int every, int minTrials) {

    /** The stopping rules. */
    public enum Kind { NONE, ASHA, MEDIAN }

    /** Every trial to its last epoch. */
    public static final SchedulerSpec NONE = new SchedulerSpec(Kind.NONE, 0, 0, 0, 0);

    private static final Set<String> ASHA_KEYS = Set.of("type", "minEpochs", "reduction");
    private static final Set<String> MEDIAN_KEYS = Set.of("type", "minEpochs", "every", "minTrials");

    /**
     * Reads a {@code scheduler} section ({@code type} and the rule's options); an empty section is {@link #NONE}.
     *
     * @throws org.selfreg.dataprep.InvalidInputException naming the key, where it was found and what to do
     */
    public static SchedulerSpec of(TaskInput section) {
        if (section.values().isEmpty()) {
            return NONE;
        }
        String type = section.string("type").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "none" -> {
                section.requireOnly(Set.of("type"));
                yield NONE;
            }
            case "asha" -> {
                section.requireOnly(ASHA_KEYS);
                yield new SchedulerSpec(Kind.ASHA, atLeast(section, "minEpochs", 1, 1),
                        atLeast(section, "reduction", 3, 2), 0, 0);
            }
            case "median" -> {
                section.requireOnly(MEDIAN_KEYS);
                yield new SchedulerSpec(Kind.MEDIAN, atLeast(section, "minEpochs", 1, 1),
                        0, atLeast(section, "every", 1, 1), atLeast(section, "minTrials", 3, 1));
            }
            default -> throw section.invalid("type", "must be asha, median or none, got '" + type + "'");
        };
    }

    private static int atLeast(TaskInput section, String key, int fallback, int minimum) {
        int value = section.integer(key, fallback);
        if (value < minimum) {
            throw section.invalid(key, "must be a whole number of at least " + minimum + ", got " + value);
        }
        return value;
    }

    /** The section that reads back as this scheduler ({@link #of}), e.g. for a trial's workflow input. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", kind.name().toLowerCase(Locale.ROOT));
        switch (kind) {
            case ASHA -> {
                map.put("minEpochs", minEpochs);
                map.put("reduction", reduction);
            }
            case MEDIAN -> {
                map.put("minEpochs", minEpochs);
                map.put("every", every);
                map.put("minTrials", minTrials);
            }
            case NONE -> {
            }
        }
        return map;
    }

    /** Whether trials may be stopped early. */
    public boolean stopsTrials() {
        return kind != Kind.NONE;
    }

    /** The epochs, ascending and before {@code epochs}, after which a run of {@code epochs} epochs is judged. */
    public List<Integer> decisionEpochs(int epochs) {
        List<Integer> decisions = new ArrayList<>();
        long epoch = minEpochs;
        while (kind != Kind.NONE && epoch < epochs) {
            decisions.add((int) epoch);
            epoch = kind == Kind.ASHA ? epoch * reduction : epoch + every;
        }
        return decisions;
    }

    /**
     * Where a (re)started trial's first segment ends: at the first decision epoch at or after the epochs it has
     * completed, so that a decision its trial reached but did not record is made before it trains further.
     */
    public int firstStop(int completed, int epochs) {
        return decisionEpochs(epochs).stream().filter(e -> e >= completed).findFirst().orElse(epochs);
    }

    /** Where the segment after a decision at {@code completed} epochs ends: the next decision epoch, or the last. */
    public int stopAfter(int completed, int epochs) {
        return decisionEpochs(epochs).stream().filter(e -> e > completed).findFirst().orElse(epochs);
    }

    /** In words, e.g. {@code asha (rungs at epochs 1, 3, 9; the best 1/3 go on)} for a run of {@code epochs}. */
    public String describe(int epochs) {
        List<Integer> decisions = decisionEpochs(epochs);
        String at = decisions.isEmpty() ? "none before the last epoch " + epochs
                : String.join(", ", decisions.stream().map(String::valueOf).toList());
        return switch (kind) {
            case NONE -> "none (every trial to its last epoch)";
            case ASHA -> "asha (rungs at epochs " + at + "; the best 1/" + reduction + " go on)";
            case MEDIAN -> "median (decisions at epochs " + at + "; below the median of " + minTrials
                    + " or more others stops)";
        };
    }
}
