package org.selfreg.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule of McGregorWwww/UCTransNet's {@code train_model.py}: stop once {@code epoch - best_epoch > patience}. */
class EarlyStoppingTest {

    @Test
    void stopsAfterTheFirstEpochMoreThanPatienceEpochsPastTheBest() {
        List<EpochMetrics> history = history(0.2, 0.5, 0.4, 0.5, 0.3, 0.45);
        assertEquals(2, EarlyStopping.bestEpoch(history), "ties keep the earlier epoch, as the trainer's best");
        assertFalse(EarlyStopping.stops(history.subList(0, 4), 2), "epoch 4 is 2 past the best");
        assertTrue(EarlyStopping.stops(history.subList(0, 5), 2), "epoch 5 is 3 past the best");
        assertFalse(EarlyStopping.stops(history.subList(0, 2), 0), "patience 0 never stops");
        assertFalse(EarlyStopping.stops(history, 0));
        assertFalse(EarlyStopping.stops(List.of(), 1));
    }

    @Test
    void aRunThatNeverImprovesCountsFromItsFirstEpoch() {
        List<EpochMetrics> flat = history(0, 0, 0, 0);
        assertFalse(EarlyStopping.stops(flat.subList(0, 3), 2));
        assertTrue(EarlyStopping.stops(flat, 2), "the original's best_epoch starts at 1");
    }

    private static List<EpochMetrics> history(double... valDice) {
        return IntStream.range(0, valDice.length)
                .mapToObj(i -> new EpochMetrics(i, 1, 1, 0, 0, 1e-3, 1, valDice[i])).toList();
    }
}
