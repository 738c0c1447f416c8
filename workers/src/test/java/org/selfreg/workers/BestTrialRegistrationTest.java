package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;
import org.selfreg.workers.BestTrialRegistration.Candidate;

class BestTrialRegistrationTest {

    @Test
    void theBestTrialIsTheOneWithTheHighestValidationDiceNotTheBestTestScore() {
        // The sweep table would rank b first by its test Dice; registration looks at validation only.
        Candidate a = new Candidate("lambda=0", "key-a", "run-a", 0.81);
        Candidate b = new Candidate("lambda=0.1", "key-b", "run-b", 0.74);
        assertEquals(a, BestTrialRegistration.best(List.of(b, a)).orElseThrow());
    }

    @Test
    void trialsWithoutAValidationScoreAreNotCandidatesAndEqualsKeepTheFirst() {
        Candidate unvalidated = new Candidate("no-val", "key-n", "run-n", Double.NaN);
        Candidate first = new Candidate("first", "key-1", "run-1", 0.5);
        Candidate second = new Candidate("second", "key-2", "run-2", 0.5);
        assertEquals(first, BestTrialRegistration.best(List.of(unvalidated, first, second)).orElseThrow());
        assertTrue(BestTrialRegistration.best(List.of(unvalidated)).isEmpty());
        assertTrue(BestTrialRegistration.best(List.of()).isEmpty());
    }

    @Test
    void aTrialsValidationDiceIsThatOfItsBestEpoch() {
        List<Metric> history = List.of(metric(1, 0.40), metric(2, 0.72), metric(3, 0.65));
        assertEquals(0.72, BestTrialRegistration.validationDice(history));
        assertTrue(Double.isNaN(BestTrialRegistration.validationDice(List.of())));
    }

    private static Metric metric(long step, double value) {
        return Metric.newBuilder().setKey(TrainWorker.VALIDATION_DICE_METRIC).setStep(step).setValue(value)
                .build();
    }
}
