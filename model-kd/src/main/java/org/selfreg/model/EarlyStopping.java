package org.selfreg.model;

import java.util.List;

/**
 * UCTransNet's early stopping (McGregorWwww/UCTransNet, {@code train_model.py}): after epoch {@code e} (1-based) the
 * run ends when {@code e - best_epoch > patience}, {@code best_epoch} being the 1-based epoch of the best validation
 * Dice so far (the original writes it {@code epoch - best_epoch + 1} with a 0-based {@code epoch}).
 *
 * <p>The best epoch is the one {@link SegmentationTrainer} keeps as its best checkpoint: the first epoch with the
 * highest validation Dice. The original does not let its first 5 epochs become the best ({@code if epoch+1 > 5}), so
 * its best epoch stays 1 through them; with the patience of 50 the presets use, the two differ only when the run's
 * best Dice falls in epochs 2..5 and nothing better follows for 46 epochs.
 */
final class EarlyStopping {

    private EarlyStopping() {
    }

    /** Whether a run with {@code patience} (0: never stop early) ends after the epochs of {@code history}. */
    static boolean stops(List<EpochMetrics> history, int patience) {
        if (patience == 0 || history.isEmpty()) {
            return false;
        }
        return history.size() - bestEpoch(history) > patience;
    }

    /** The 1-based epoch of the first highest validation Dice. */
    static int bestEpoch(List<EpochMetrics> history) {
        int best = 0;
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i).valDice() > history.get(best).valDice()) {
                best = i;
            }
        }
        return best + 1;
    }
}
