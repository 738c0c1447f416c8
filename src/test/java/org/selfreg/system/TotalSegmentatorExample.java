package org.selfreg.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.selfreg.dataprep.ReferencePython;
import org.selfreg.dataprep.Sha256;

/**
 * The example CT that TotalSegmentator's own tests use, with its segmentation, taken from the project's PyPI source
 * distribution (wasserth/TotalSegmentator, Apache-2.0): {@code tests/reference_files/example_ct.nii.gz} (122×101×112
 * voxels of 3 mm, int32 HU) and {@code example_seg_fast_force_split.nii.gz}, written by
 * {@code TotalSegmentator --fast --ml -fs} (tests/update_test_files.sh), so a model's labels, not an annotator's.
 *
 * <p>Both files are cached in {@code ${XDG_CACHE_HOME:-~/.cache}/selfreg/totalsegmentator-2.18.0/}; the first run
 * fetches the sdist (38 MB) with {@code pip download}, which installs nothing, and extracts the two files. Their
 * SHA-256 pin the data the test's expectations hold for, and catch a file cut short in the cache.
 */
final class TotalSegmentatorExample {

    private static final String VERSION = "2.18.0";

    /**
     * TotalSegmentator's ids of the 8 Synapse organs in Synapse class order (1 spleen, 2 right kidney, 3 left kidney,
     * 4 gallbladder, 5 liver, 6 stomach, 7 aorta, 8 pancreas): class_map["total"] of totalsegmentator/map_to_binary.py.
     */
    private static final List<Integer> SYNAPSE_ORGAN_IDS = List.of(1, 2, 3, 4, 5, 6, 52, 7);
    /** The "total" task labels ids 1..117; every id must be in a label map, so the other 109 map to background. */
    private static final int TOTAL_TASK_IDS = 117;

    private static final String REFERENCE_FILES = "totalsegmentator-" + VERSION + "/tests/reference_files/";
    private static final String CT = "example_ct.nii.gz";
    private static final String SEGMENTATION = "example_seg_fast_force_split.nii.gz";
    private static final Map<String, String> SHA256 = Map.of(
            CT, "dbd3ae6d614d1d7ef3a46925c30c70038ed52da6b37fdd6afdc7b9b71387e3e1",
            SEGMENTATION, "e8097758e56e73099075b6caaebce23ef11bc6fad66a4ec3753b9406846558c7");
    private static final long DOWNLOAD_MINUTES = 10;

    /** Copies members of the sdist out by name; a partial file is renamed into place only once complete. */
    private static final String EXTRACT = """
            import os, shutil, sys, tarfile
            sdist, prefix, out = sys.argv[1:4]
            with tarfile.open(sdist) as tar:
                for name in sys.argv[4:]:
                    part = os.path.join(out, name + ".part")
                    with tar.extractfile(prefix + name) as src, open(part, "wb") as dst:
                        shutil.copyfileobj(src, dst)
                    os.replace(part, os.path.join(out, name))
            """;

    private final Path ct;
    private final Path segmentation;

    private TotalSegmentatorExample(Path ct, Path segmentation) {
        this.ct = ct;
        this.segmentation = segmentation;
    }

    /**
     * The two files from the cache, downloaded first when missing.
     *
     * @throws AssertionError with a one-line reason when they cannot be had: the test fails, it is never skipped
     */
    static TotalSegmentatorExample fetch() throws IOException, InterruptedException {
        Path dir = cacheDirectory();
        TotalSegmentatorExample example = new TotalSegmentatorExample(dir.resolve(CT), dir.resolve(SEGMENTATION));
        if (!Files.isRegularFile(example.ct) || !Files.isRegularFile(example.segmentation)) {
            Files.createDirectories(dir);
            download(dir);
            ReferencePython.run(EXTRACT, dir.resolve("totalsegmentator-" + VERSION + ".tar.gz").toString(),
                    REFERENCE_FILES, dir.toString(), CT, SEGMENTATION);
        }
        for (Path file : List.of(example.ct, example.segmentation)) {
            String expected = SHA256.get(file.getFileName().toString());
            if (!expected.equals(Sha256.of(file))) {
                throw new AssertionError(file + " is not the file of totalsegmentator " + VERSION
                        + " (SHA-256 differs): delete " + dir + " to download it again");
            }
        }
        return example;
    }

    /** The CT volume. */
    Path ct() {
        return ct;
    }

    /** TotalSegmentator's label map of the CT, on its grid. */
    Path segmentation() {
        return segmentation;
    }

    /** The nifti layout's {@code labelMap} input: the 8 Synapse organs to their classes, every other id to 0. */
    static Map<String, Object> labelMap() {
        Map<String, Object> map = new TreeMap<>();
        for (int id = 1; id <= TOTAL_TASK_IDS; id++) {
            map.put(Integer.toString(id), SYNAPSE_ORGAN_IDS.indexOf(id) + 1); // not an organ: -1 + 1 = background
        }
        return map;
    }

    private static void download(Path dir) throws IOException, InterruptedException {
        List<String> command = List.of(ReferencePython.interpreter().toString(), "-m", "pip", "download",
                "--disable-pip-version-check", "--no-deps", "--no-binary", ":all:", "totalsegmentator==" + VERSION,
                "-d", dir.toString());
        Path log = dir.resolve("pip-download.log");
        Process pip = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!pip.waitFor(DOWNLOAD_MINUTES, TimeUnit.MINUTES)) {
            pip.destroyForcibly();
            throw new AssertionError("pip download of totalsegmentator==" + VERSION + " took over " + DOWNLOAD_MINUTES
                    + " minutes (see " + log + "); is PyPI reachable?");
        }
        if (pip.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            throw new AssertionError("cannot download totalsegmentator==" + VERSION + " from PyPI (pip exit "
                    + pip.exitValue() + ", " + log + "): " + (lines.isEmpty() ? "no output" : lines.getLast().strip()));
        }
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("selfreg").resolve("totalsegmentator-" + VERSION);
    }
}
