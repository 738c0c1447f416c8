package org.selfreg.dataprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares CT or MR in one of the {@link InputLayout}s (raw BTCV, TransUNet's preprocessed files, plain NIfTI pairs
 * with a label map, or ACDC as distributed or as MT-UNet's archive) as a dataset in TransUNet's layout:
 * {@code train_npz/caseNNNN_sliceMMM.npz} for training and validation cases, {@code test_vol/caseNNNN.npz} for
 * validation and test cases, {@code lists/{train,val,test_vol}.txt} and {@code manifest.json}.
 *
 * <p>Slices are arrays (H, W) = (NIfTI y, NIfTI x); volumes are (D, H, W) with D along NIfTI z. Cases run in parallel,
 * one volume per thread, so memory stays bounded by the thread count times one volume; each case hands its slices to
 * a shared pool of slice writers as its planes are read.
 */
public final class Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(Preprocessor.class);

    /**
     * A validation or test case of 512×512×200 holds its volume (float image and byte labels, 250 MiB) while the
     * compressed volume and its slices are written; 512 MiB per case leaves room for the slices in flight and garbage.
     */
    private static final long BYTES_PER_VOLUME_IN_FLIGHT = 512L << 20;

    private final int threads;
    private final boolean compressSlices;

    /** One thread per available processor, but no more than the heap holds volumes of full Synapse size. */
    public Preprocessor() {
        this((int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / BYTES_PER_VOLUME_IN_FLIGHT)));
    }

    /** Uses {@code threads} threads, each holding one volume at a time; training slices are STORED. */
    public Preprocessor(int threads) {
        this(threads, false);
    }

    /**
     * Reads up to {@code threads} cases at once and writes their slices on {@code threads} more threads (with one
     * thread, everything runs on it).
     *
     * @param compressSlices write training slices DEFLATED (level 1) instead of STORED. STORED is the default: it is
     *                       what TransUNet's {@code np.savez} files are, and deflating noisy float32 CT is slow (on the
     *                       512×512×150 benchmark it made preprocessing 1.8x slower warm, 2x cold, for files 7x
     *                       smaller; see bench/preprocess.sh). Compress when storage or upload bandwidth matters more.
     */
    public Preprocessor(int threads, boolean compressSlices) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.threads = threads;
        this.compressSlices = compressSlices;
    }

    /** Prepares the dataset in {@code input}, whose layout is detected ({@link InputLayout#detect(Path)}). */
    public PreparedDataset prepare(Path input, Path outDir, PreprocessConfig config) {
        return prepare(input, InputLayout.detect(input), outDir, config, ProgressListener.NONE);
    }

    /** As {@link #prepare(Path, Path, PreprocessConfig)}, telling {@code listener} as each case finishes. */
    public PreparedDataset prepare(Path input, Path outDir, PreprocessConfig config, ProgressListener listener) {
        return prepare(input, InputLayout.detect(input), outDir, config, listener);
    }

    /**
     * Prepares every case the split uses from {@code input} in {@code layout}; earlier outputs in {@code outDir} are
     * replaced. For {@link InputLayout#TRANSUNET} the lists give the test cases (in order) and {@code valCases}
     * training cases are held out; {@code testCases} and the HU window do not apply. The ACDC layouts
     * normalise MR themselves and keep labels 0..3 ({@link AcdcPlan}).
     *
     * @throws InvalidInputException on the first case with bad input (the others are cancelled)
     */
    public PreparedDataset prepare(Path input, InputLayout layout, Path outDir, PreprocessConfig config,
                                   ProgressListener listener) {
        if (layout.images()) {
            throw new InvalidInputException(input + " is in the " + layout.id() + " layout of 2-D images, which takes an "
                    + "ImagePrepConfig rather than a CT window and label map; prepare it with prepareImages");
        }
        DatasetFiles files = new DatasetFiles(outDir, config.classes(), compressSlices);
        Map<String, Object> manifestConfig = new LinkedHashMap<>(config.canonicalForm());
        manifestConfig.put("layout", layout.id());
        CaseSplit split;
        List<CaseJob> jobs;
        if (layout == InputLayout.TRANSUNET) {
            Path lists = TransUNetImport.listDir(input);
            Map<String, List<String>> slices = TransUNetImport.slicesByCase(lists.resolve(DatasetLists.TRAIN));
            split = CaseSplit.holdOut(List.copyOf(slices.keySet()), DatasetLists.read(lists.resolve(DatasetLists.TEST)),
                    config, lists.toString()).withFolds(config.folds(), config.splitSeed(), lists.toString());
            resetOutput(outDir);
            jobs = new TransUNetImport(input, config, files).jobs(split, slices);
            manifestConfig.putAll(TransUNetImport.MANIFEST_NOTES);
        } else if (layout.isAcdc()) {
            if (config.folds() > 0) {
                // A case-level fold would put one patient's two frames on both sides; patient-level folds are not made.
                throw new InvalidInputException("folds are not available for the ACDC layouts (" + input + "): leave"
                        + " out folds and use valCases");
            }
            AcdcPlan plan = AcdcPlan.of(input, layout, config, files);
            resetOutput(outDir);
            split = plan.split();
            jobs = plan.jobs();
            manifestConfig.putAll(plan.manifestNotes());
        } else {
            List<RawCase> all = layout == InputLayout.BTCV ? RawCase.discoverBtcv(input) : RawCase.discoverPairs(input);
            CaseSplit caseSplit = CaseSplit.of(all.stream().map(RawCase::name).toList(), config, input.toString())
                    .withFolds(config.folds(), config.splitSeed(), input.toString());
            resetOutput(outDir);
            CasePreprocessor worker = new CasePreprocessor(config, files);
            jobs = all.stream().filter(c -> caseSplit.roleOf(c.name()) != null)
                    .map(c -> new CaseJob(c.name(), writers -> worker.process(c, caseSplit.roleOf(c.name()), writers)))
                    .toList();
            split = caseSplit;
        }
        LOG.info("Preparing {} cases ({} layout) from {} into {} ({} train, {} val, {} test)", jobs.size(), layout.id(),
                input, outDir, split.train().size(), split.val().size(), split.test().size());
        return finish(outDir, split, run(jobs, listener), manifestConfig, config.description(layout));
    }

    /**
     * Prepares the 2-D images in {@code input} ({@link InputLayout#IMAGE_FOLDERS} or {@link InputLayout#GLAS_BMP}),
     * one image per job, as {@link ImageDatasetImport} describes; earlier outputs in {@code outDir} are replaced.
     *
     * @throws InvalidInputException naming the first missing, undecodable or mis-sized image or mask; the output is
     *                               cleared first and no manifest is written, so neither a partial dataset nor an
     *                               earlier one passes for the dataset of this input
     */
    public PreparedDataset prepareImages(Path input, InputLayout layout, Path outDir, ImagePrepConfig config,
                                         ProgressListener listener) {
        ImageDatasetImport images = ImageDatasetImport.discover(input, layout, config);
        CaseSplit split = images.split(input.toString());
        resetOutput(outDir);
        List<CaseJob> jobs = images.jobs(split, new DatasetFiles(outDir, 2, compressSlices));
        LOG.info("Preparing {} images ({} layout) from {} into {} ({} train, {} val, {} test)", jobs.size(),
                layout.id(), input, outDir, split.train().size(), split.val().size(), split.test().size());
        List<ManifestEntry> entries = run(jobs, listener);
        return finish(outDir, split, entries, images.manifestConfig(), images.description());
    }

    /** Writes the lists and the manifest over the entries of every case. */
    private static PreparedDataset finish(Path outDir, CaseSplit split, List<ManifestEntry> entries,
                                          Map<String, Object> manifestConfig, DatasetDescription description) {
        // With folds every non-test case trains in some fold: the list holds them all, and a fold leaves out its own.
        Set<String> training = split.folds().isEmpty() ? Set.of("train") : Set.of("train", "val");
        List<String> trainSlices = entries.stream()
                .filter(e -> training.contains(e.split()) && e.file().startsWith(PreparedDataset.TRAIN_DIR + "/"))
                .map(e -> e.file().substring(PreparedDataset.TRAIN_DIR.length() + 1, e.file().length() - ".npz".length()))
                .sorted()
                .toList();
        Path lists = outDir.resolve(PreparedDataset.LIST_DIR);
        DatasetLists.write(lists.resolve(DatasetLists.TRAIN), trainSlices);
        DatasetLists.write(lists.resolve(DatasetLists.VAL), split.val());
        DatasetLists.write(lists.resolve(DatasetLists.TEST), split.test());
        List<String> listNames = new ArrayList<>(List.of(DatasetLists.TRAIN, DatasetLists.VAL, DatasetLists.TEST));
        for (int fold = 0; fold < split.folds().size(); fold++) {
            DatasetLists.write(lists.resolve(PreparedDataset.foldList(fold)), split.folds().get(fold));
            listNames.add(PreparedDataset.foldList(fold));
        }
        Map<String, String> listHashes = new TreeMap<>();
        for (String list : listNames) {
            listHashes.put(PreparedDataset.LIST_DIR + "/" + list, Sha256.of(lists.resolve(list)));
        }

        DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT, manifestConfig, description, trainSlices,
                split.val(), split.test(), entries, listHashes);
        manifest.write(outDir);
        LOG.info("Prepared dataset {} in {}: {} training slices, {} volumes", manifest.digest(), outDir,
                trainSlices.size(), split.val().size() + split.test().size());
        return new PreparedDataset(outDir, manifest.digest(), trainSlices, split.val(), split.test(), description);
    }

    private List<ManifestEntry> run(List<CaseJob> jobs, ProgressListener listener) {
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, jobs.size())));
        ExecutorService writerPool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        // One thread means one: the case thread writes its own slices.
        Executor sliceWriters = writerPool != null ? writerPool : Runnable::run;
        try {
            List<Future<List<ManifestEntry>>> futures = new ArrayList<>();
            for (CaseJob job : jobs) {
                futures.add(pool.submit(() -> {
                    List<ManifestEntry> result = job.work().apply(sliceWriters);
                    listener.onCase(job.caseName(), done.incrementAndGet(), jobs.size());
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
            stop(pool);
            if (writerPool != null) {
                stop(writerPool);
            }
        }
    }

    /** Stops {@code pool} and waits for it: after a failure, no thread may still write into the output folder. */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("Preprocessing threads did not stop within a minute of being cancelled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
