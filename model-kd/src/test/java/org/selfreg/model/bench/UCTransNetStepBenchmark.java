package org.selfreg.model.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Training step of the full-width UCTransNet (Synapse shape), KD off and on, DJL ({@link UCTransNetStepServer})
 * against the PyTorch restatement ({@code bench/python/uctransnet_step.py}), each in a {@link StepProcess}, one step
 * each per round in turns so that all see the same machine load; the table is {@link TrainStepBenchmark}'s (medians,
 * paired per-round ratios, peak RSS).
 *
 * <p>Usage: {@code UCTransNetStepBenchmark <batch> <measured steps> <warm-up steps> <python> <reference script>}.
 */
public final class UCTransNetStepBenchmark {

    private UCTransNetStepBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String batch = args[0];
        int steps = Integer.parseInt(args[1]);
        int warmUp = Integer.parseInt(args[2]);
        String python = args[3];
        String script = args[4];
        List<StepProcess> trainers = new ArrayList<>();
        try {
            for (String kd : new String[] {"off", "on"}) {
                trainers.add(new StepProcess(TrainStepBenchmark.javaCommand(UCTransNetStepServer.class, batch, kd),
                        kd.equals("on")));
                trainers.add(new StepProcess(List.of(python, script, batch, kd), kd.equals("on")));
            }
            TrainStepBenchmark.runInTurns(trainers, Integer.parseInt(batch), steps, warmUp);
        } finally {
            for (StepProcess trainer : trainers) {
                trainer.close();
            }
        }
    }
}
