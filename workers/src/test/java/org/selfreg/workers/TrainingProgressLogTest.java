package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainingProgressLogTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(10_000);
    private final TrainingProgressLog progress = new TrainingProgressLog((task, line) -> lines.add(task + ": " + line),
            "t1", 2, 1000, clock::get);

    @Test
    void epochEdgesAreAlwaysLoggedOneBasedAndStepsInBetweenAtMostOncePerInterval() {
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int step = 0; step < 5; step++) {
                progress.afterStep(epoch, step, 5);
                clock.addAndGet(400);
            }
        }
        assertEquals(List.of(
                "t1: epoch 1/2 step 1/5", "t1: epoch 1/2 step 4/5", "t1: epoch 1/2 step 5/5",
                "t1: epoch 2/2 step 1/5", "t1: epoch 2/2 step 4/5", "t1: epoch 2/2 step 5/5"), lines);
    }

    @Test
    void everyLineParsesBackToTheProgressItDescribes() {
        progress.afterStep(1, 2, 5);
        TrainingProgress parsed = TrainingProgress.parse(lines.getFirst()).orElseThrow();
        assertEquals(new TrainingProgress(2, 2, 3, 5), parsed);
        assertEquals(0.8, parsed.fraction(), 1e-12, "8 of 10 steps done");
        assertEquals(parsed, TrainingProgress.latestIn(List.of("epoch 1/2 step 5/5", "uploading", lines.getFirst(),
                "checkpoint saved")).orElseThrow(), "the last progress line wins; other lines are skipped");
    }
}
