package org.selfreg.eval.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench/python/predict_reference.py}, one process per call (stderr passed through): writes freshly initialised
 * UNet_hd weights, and times the reference's {@code test_single_volume} on a volume.
 */
final class ReferenceInference {

    private final String python;
    private final String script;
    private final int threads;
    private String engine = "not run yet";

    /** @param threads PyTorch's intra-op threads ({@code torch.set_num_threads}) */
    ReferenceInference(String python, String script, int threads) {
        this.python = python;
        this.script = script;
        this.threads = threads;
    }

    /** Writes {@code model-<i>.pth} and their converted {@code model-<i>.npz} into {@code dir}, seeds from {@code seed}. */
    void writeWeights(Path dir, int count, long seed) {
        run("weights", dir.toString(), Integer.toString(count), Long.toString(seed));
    }

    /**
     * Seconds of {@code test_single_volume} with the state dict {@code weights} on {@code volume}'s {@code image}; the
     * class map is written to {@code labels}.
     */
    double seconds(Path weights, Path volume, Path labels) {
        List<String> lines = run("time", weights.toString(), volume.toString(), Integer.toString(threads),
                labels.toString());
        engine = lines.getFirst();
        return Double.parseDouble(lines.getLast());
    }

    /** The engine the last timing ran on, e.g. {@code PyTorch 2.5.1}. */
    String engine() {
        return engine;
    }

    private List<String> run(String... args) {
        List<String> command = new ArrayList<>(List.of(python, script));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().toList();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit
                        + "; its stderr is above");
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
