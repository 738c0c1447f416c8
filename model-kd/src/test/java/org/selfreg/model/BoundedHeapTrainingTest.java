package org.selfreg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.model.testing.SyntheticSlices;

/**
 * The heap does not grow with the dataset: a JVM whose heap is smaller than its training set (slices as Synapse's are,
 * larger than the network's input) trains a full epoch with validation. Holding the slices in the heap, as the trainer
 * once did, this JVM dies of OutOfMemoryError.
 */
class BoundedHeapTrainingTest {

    private static final int HEAP_MIB = 64;
    private static final int SLICES = 240;
    private static final int SLICE_SIZE = 256;

    @Test
    void anEpochOverATrainingSetLargerThanTheHeapCompletes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SyntheticSlices.write(data, SLICES, SLICE_SIZE, 11);
        String volume = SyntheticSlices.writeVolumes(data, 1, 4, SLICE_SIZE, 12).getFirst();
        long datasetBytes = (long) SLICES * SLICE_SIZE * SLICE_SIZE * (Float.BYTES + 1);
        assertTrue(datasetBytes > HEAP_MIB << 20,
                "the slices alone (" + (datasetBytes >> 20) + " MiB) exceed the heap");

        Process child = new ProcessBuilder(command(data, volume, dir.resolve("checkpoints")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        boolean ended = child.waitFor(5, TimeUnit.MINUTES);
        String log = Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
        assertTrue(ended, "training did not end in 5 minutes:\n" + log);
        assertEquals(0, child.exitValue(), log);
        assertTrue(Files.exists(Checkpoint.paramsFile(dir.resolve("checkpoints"), Checkpoint.LAST)), log);
    }

    /** This JVM's runtime and class path, with a heap smaller than the dataset. */
    private static List<String> command(Path data, String volume, Path checkpoints) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> !argument.startsWith("-Xmx") && !argument.startsWith("-agentlib"))
                .forEach(command::add);
        command.addAll(List.of("-Xmx" + HEAP_MIB + "m", "-cp", System.getProperty("java.class.path"),
                Trainer.class.getName(), data.toString(), volume, checkpoints.toString()));
        return command;
    }

    /** The child: one epoch of a tiny UNet on every slice of {@code data}, validated on one volume. */
    static final class Trainer {

        public static void main(String[] args) throws IOException {
            Path data = Path.of(args[0]);
            List<String> slices;
            try (Stream<Path> files = Files.list(data.resolve("train_npz"))) {
                slices = files.map(f -> f.getFileName().toString().replace(".npz", "")).sorted().toList();
            }
            TrainConfig config = new TrainConfig(0.1, 0.1, 1, 16, 0.01, 0.9, 1e-4, 4, 3, 32, 5, 0.4, 0.6);
            new SegmentationTrainer().train(data, slices, List.of(args[1]), config, Path.of(args[2]),
                    TrainingListener.NONE);
        }
    }
}
