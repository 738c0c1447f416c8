package org.selfreg.workers.scheduling;

import java.util.List;
import java.util.Locale;

/**
 * Decides a trial at a decision epoch: reads its recorded decision back if it has one (a retried task, a restarted
 * workflow, a rerun of the sweep), else applies the sweep's {@link StoppingRule} to the records of the other trials
 * at that epoch and records the result in the {@link RungLedger} before anyone acts on it.
 */
public final class RungDecider {

    private final SchedulerSpec spec;
    private final RungLedger ledger;

    /** @param spec a scheduler with decision epochs (not {@code none}) */
    public RungDecider(SchedulerSpec spec, RungLedger ledger) {
        if (spec.kind() == SchedulerSpec.Kind.NONE) {
            throw new IllegalArgumentException("scheduler none makes no decisions");
        }
        this.spec = spec;
        this.ledger = ledger;
    }

    /**
     * @param best        the best validation Dice of the trial so far (what model selection would keep)
     * @param runningMean the mean of its validation Dice so far (what the median rule compares the others on)
     */
    public RungResult decide(String trialKey, String label, int epoch, double best, double runningMean) {
        return ledger.find(epoch, trialKey).orElseGet(() -> {
            List<RungResult> others = ledger.at(epoch).stream().filter(r -> !r.trialKey().equals(trialKey)).toList();
            boolean median = spec.kind() == SchedulerSpec.Kind.MEDIAN;
            StoppingRule.Decision decision = median
                    ? StoppingRule.median(spec.minTrials(), best, others.stream().map(RungResult::runningMean).toList())
                    : StoppingRule.asha(spec.reduction(), best, others.stream().map(RungResult::value).toList());
            List<String> compared = others.stream().map(r -> r.label() + "=" + String.format(Locale.ROOT, "%.4f",
                    median ? r.runningMean() : r.value())).toList();
            RungResult result = new RungResult(trialKey, label, epoch, best, runningMean, decision.stop(),
                    decision.reason(), compared);
            ledger.put(result);
            return result;
        });
    }
}
