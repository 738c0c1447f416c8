package org.selfreg.workers;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.selfreg.dataprep.Sha256;

/**
 * What the batches of one prediction did together, from the outputs of their {@code selfreg_predict_batch} tasks (the
 * JOIN's output, by task reference).
 *
 * @param files          inputs predicted
 * @param inputsDigest   SHA-256 over the inputs' names and SHA-256s in name order: the same files give the same
 *                       digest however they were split into batches
 * @param voxelsPerClass voxels (pixels for images) of each class over all predictions
 * @param seconds        the batches' wall times added up
 */
record PredictionTotals(int files, String inputsDigest, Map<String, Long> voxelsPerClass, double seconds) {

    /** Adds up the batch outputs in {@code results}. */
    static PredictionTotals of(TaskInput results) {
        Map<String, String> digests = new TreeMap<>();
        Map<String, Long> voxels = new LinkedHashMap<>();
        int files = 0;
        double seconds = 0;
        for (String ref : new TreeMap<>(results.values()).keySet()) {
            TaskInput batch = results.object(ref);
            files += batch.integer("files", 0);
            seconds += batch.number("seconds");
            batch.map("inputDigests").forEach((name, digest) -> digests.put(name, String.valueOf(digest)));
            batch.map("voxelsPerClass").forEach((name, n) -> voxels.merge(name, ((Number) n).longValue(), Long::sum));
        }
        StringBuilder listing = new StringBuilder();
        digests.forEach((name, digest) -> listing.append(name).append(' ').append(digest).append('\n'));
        return new PredictionTotals(files, Sha256.of(listing.toString().getBytes(StandardCharsets.UTF_8)), voxels,
                seconds);
    }
}
