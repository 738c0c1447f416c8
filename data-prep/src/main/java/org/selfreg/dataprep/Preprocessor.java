package org.selfreg.dataprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares raw BTCV-layout CT ({@code img/imgNNNN.nii.gz}, {@code label/labelNNNN.nii.gz}) as a dataset in TransUNet's
 * layout: {@code train_npz/caseNNNN_sliceMMM.npz} for training and validation cases, {@code test_vol/caseNNNN.npz} for
 * validation and test cases, {@code lists/{train,val,test_vol}.txt} and {@code manifest.json}.
 *
 * <p>Slices are arrays (H, W) = (NIfTI y, NIfTI x); volumes are (D, H, W) with D along NIfTI z. Cases run in parallel,
 * one volume per thread, so memory stays bounded by the thread count times one volume.
 */
public final class Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(Preprocessor.class);

    /**
     * A working copy of a 512×512×200 CT (raw bytes, scaled floats, window, labels) takes about 1 GiB, so threads are
     * limited by heap as well as by processors.
     */
    private static final long BYTES_PER_VOLUME_IN_FLIGHT = 1L << 30;

    private final int threads;

    /** One thread per available processor, but no more than the heap holds volumes of full Synapse size. */
    public Preprocessor() {
        this((int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / BYTES_PER_VOLUME_IN_FLIGHT)));
    }

    /** Uses {@code threads} threads, each holding one volume at a time. */
    public Preprocessor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.threads = threads;
    }

    public PreparedDataset prepare(Path rawDir, Path outDir, PreprocessConfig config) {
        return prepare(rawDir, outDir, config, ProgressListener.NONE);
    }

    /**
     * Prepares every case the split uses; earlier outputs in {@code outDir} are replaced.
     *
     * @throws InvalidInputException on the first case with bad input (the others are cancelled)
     */
    public PreparedDataset prepare(Path rawDir, Path outDir, PreprocessConfig config, ProgressListener listener) {
        List<RawCase> all = RawCase.discover(rawDir);
        CaseSplit split = CaseSplit.of(all.stream().map(RawCase::name).toList(), config, rawDir.toString());
        List<RawCase> cases = all.stream().filter(c -> split.roleOf(c.name()) != null).toList();
        LOG.info("Preparing {} cases from {} into {} ({} train, {} val, {} test)", cases.size(), rawDir, outDir,
                split.train().size(), split.val().size(), split.test().size());
        resetOutput(outDir);

        List<ManifestEntry> entries = run(cases, split, new CasePreprocessor(config, outDir), listener);
        List<String> trainSlices = entries.stream()
                .filter(e -> e.split().equals("train") && e.file().startsWith(PreparedDataset.TRAIN_DIR + "/"))
                .map(e -> e.file().substring(PreparedDataset.TRAIN_DIR.length() + 1, e.file().length() - ".npz".length()))
                .sorted()
                .toList();
        Path lists = outDir.resolve(PreparedDataset.LIST_DIR);
        DatasetLists.write(lists.resolve(DatasetLists.TRAIN), trainSlices);
        DatasetLists.write(lists.resolve(DatasetLists.VAL), split.val());
        DatasetLists.write(lists.resolve(DatasetLists.TEST), split.test());

        DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT, config.canonicalForm(), config.classes(),
                trainSlices, split.val(), split.test(), entries);
        manifest.write(outDir);
        LOG.info("Prepared dataset {} in {}: {} training slices, {} volumes", manifest.digest(), outDir,
                trainSlices.size(), split.val().size() + split.test().size());
        return new PreparedDataset(outDir, manifest.digest(), trainSlices, split.val(), split.test(), config.classes());
    }

    private List<ManifestEntry> run(List<RawCase> cases, CaseSplit split, CasePreprocessor worker,
                                    ProgressListener listener) {
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, cases.size()));
        try {
            List<Future<List<ManifestEntry>>> futures = new ArrayList<>();
            for (RawCase c : cases) {
                futures.add(pool.submit(() -> {
                    List<ManifestEntry> result = worker.process(c, split.roleOf(c.name()));
                    listener.onCase(c.name(), done.incrementAndGet(), cases.size());
                    return result;
                }));
            }
            List<ManifestEntry> entries = new ArrayList<>();
            for (Future<List<ManifestEntry>> f : futures) {
                entries.addAll(f.get());
            }
            return entries;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("preprocessing failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preprocessing", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Removes what an earlier run wrote (only the dataset's own names) so no stale file survives into the manifest. */
    private static void resetOutput(Path outDir) {
        try {
            for (String sub : List.of(PreparedDataset.TRAIN_DIR, PreparedDataset.VOLUME_DIR, PreparedDataset.LIST_DIR)) {
                Path dir = outDir.resolve(sub);
                FileTrees.deleteRecursively(dir);
                Files.createDirectories(dir);
            }
            Files.deleteIfExists(outDir.resolve(DatasetManifest.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output folder " + outDir, e);
        }
    }
}
