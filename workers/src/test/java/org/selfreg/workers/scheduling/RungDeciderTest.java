package org.selfreg.workers.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfreg.storage.InProcessS3;
import org.selfreg.storage.ObjectStore;
import org.selfreg.workers.TaskInput;

/** Decisions against the records of other trials, kept in a real (in-process) S3 bucket. */
class RungDeciderTest {

    private static SchedulerSpec spec(Map<String, Object> section) {
        return SchedulerSpec.of(TaskInput.section("section 'scheduler' of sweep.yaml", "fix the sweep file", section));
    }

    @Test
    void theMedianRuleWaitsForEnoughTrialsThenStopsABestBelowTheirRunningMeansMedian() throws Exception {
        try (InProcessS3 s3 = new InProcessS3("bucket"); ObjectStore store = ObjectStore.open(s3.settings())) {
            store.ensureBucket();
            RungDecider decider = new RungDecider(spec(Map.of("type", "median", "minEpochs", 2, "minTrials", 3)),
                    new RungLedger(store, "sweep-1"));
            // Running means 0.30, 0.40, 0.50: two others are too few, so neither early trial is judged.
            assertFalse(decider.decide("a", "lr 0.1", 2, 0.35, 0.30).stop());
            assertFalse(decider.decide("b", "lr 0.2", 2, 0.45, 0.40).stop());
            RungResult third = decider.decide("c", "lr 0.3", 2, 0.55, 0.50);
            assertFalse(third.stop());
            assertTrue(third.reason().contains("fewer than the 3"), third.reason());
            // The median of the others' running means is 0.40: a best of 0.39 stops, 0.40 goes on (Ray's rule is
            // "below the median").
            RungResult weak = decider.decide("d", "lr 0.4", 2, 0.39, 0.39);
            assertTrue(weak.stop(), weak.reason());
            assertEquals(List.of("lr 0.1=0.3000", "lr 0.2=0.4000", "lr 0.3=0.5000"), weak.comparedWith());
            assertFalse(decider.decide("e", "lr 0.5", 2, 0.40, 0.10).stop());
        }
    }

    @Test
    void aDecisionIsRecordedOnceAndReadBackWhateverTheValuesReportedLater() throws Exception {
        try (InProcessS3 s3 = new InProcessS3("bucket"); ObjectStore store = ObjectStore.open(s3.settings())) {
            store.ensureBucket();
            RungLedger ledger = new RungLedger(store, "sweep-1");
            RungDecider decider = new RungDecider(spec(Map.of("type", "asha", "minEpochs", 1, "reduction", 2)),
                    ledger);
            assertFalse(decider.decide("a", "lr 0.1", 1, 0.60, 0.60).stop(), "the first at a rung goes on");
            assertTrue(decider.decide("b", "lr 0.2", 1, 0.20, 0.20).stop());
            // A retried task of trial b, trained again with other numbers, gets the decision it got the first time.
            RungResult retried = decider.decide("b", "lr 0.2", 1, 0.90, 0.90);
            assertTrue(retried.stop());
            assertEquals(0.20, retried.value());
            assertEquals(2, ledger.at(1).size());
            // Records at another epoch are not compared with.
            assertFalse(decider.decide("b", "lr 0.2", 3, 0.10, 0.10).stop(), "the first at rung 3");
        }
    }

    @Test
    void withoutASchedulerThereIsNothingToDecide() throws Exception {
        try (InProcessS3 s3 = new InProcessS3("bucket"); ObjectStore store = ObjectStore.open(s3.settings())) {
            assertThrows(IllegalArgumentException.class,
                    () -> new RungDecider(SchedulerSpec.NONE, new RungLedger(store, "sweep-1")));
        }
    }
}
