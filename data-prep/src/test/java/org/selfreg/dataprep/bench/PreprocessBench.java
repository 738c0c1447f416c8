package org.selfreg.dataprep.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;

/**
 * Benchmark (not a test), run by bench/preprocess.sh: preprocesses one raw BTCV case {@code runs} times in this JVM and
 * prints, per run, seconds, slices and the peak heap in MiB, tab-separated. The first run is the cold one (JIT not yet
 * warm); later runs are warm. Each run starts from an empty output folder, as the Python reference's does.
 *
 * <p>Arguments: input folder, output folder, threads, runs, and {@code stored} or {@code deflate} (slice entries).
 */
public final class PreprocessBench {

    private PreprocessBench() {
    }

    public static void main(String[] args) {
        Path input = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        boolean deflate = args[4].equals("deflate");
        PreprocessConfig oneTrainingCase = PreprocessConfig.synapseDefaults().withSplit(0, 0, 1);
        Preprocessor preprocessor = new Preprocessor(threads, deflate);
        for (int run = 0; run < runs; run++) {
            // The Python reference starts from an empty folder too (bench/preprocess.sh removes it untimed).
            FileTrees.deleteRecursively(out);
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            PreparedDataset ds = preprocessor.prepare(input, out, oneTrainingCase);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("%.3f\t%d\t%d%n", seconds, ds.trainSlices().size(), peak >> 20);
        }
    }
}
