package org.selfreg.model.bench;

import org.selfreg.model.FixedBatchSteps;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.uctransnet.UCTransNetBackboneFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Full-width UCTransNet training steps for {@link UCTransNetStepBenchmark} through {@link StepProcess}: prints the
 * engine, then runs the trainer's step ({@link FixedBatchSteps}) on one fixed batch per line read and prints its
 * seconds. The Synapse shape (1 input channel, 9 classes, 224x224, base width 64), UCTransNet's optimizer (Adam, lr
 * 1e-3, no decay) at a constant rate, 0.4 CE + 0.6 Dice, and with KD the UNet recipe's lambdas (0.015).
 *
 * <p>Usage: {@code UCTransNetStepServer <batch> <on|off>}; ends at end of input.
 */
public final class UCTransNetStepServer {

    static final double KD_LAMBDA = 0.015;

    private UCTransNetStepServer() {
    }

    public static void main(String[] args) throws IOException {
        int batch = Integer.parseInt(args[0]);
        double lambda = args[1].equals("on") ? KD_LAMBDA : 0;
        TrainConfig config = new TrainConfig(lambda, lambda, 1, batch, 1e-3, 0.9, 0, 64, 9, 224, 1234, 0.4, 0.6,
                UCTransNetBackboneFactory.NAME, TrainConfig.ADAM, TrainConfig.NO_PRETRAINED, TrainConfig.CONSTANT, 0, 0);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (FixedBatchSteps steps = new FixedBatchSteps(config)) {
            System.out.println("DJL 0.33 / libtorch 2.5.1");
            while (commands.readLine() != null) {
                long start = System.nanoTime();
                steps.run();
                System.out.println((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
