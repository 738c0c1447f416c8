package org.selfreg.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which dataset an input produced: {@code datasets/by-input/<inputDigest>.json} holds the
 * {@link DatasetSummary}, so an unchanged input (see {@code InputDigest}) is recognised without preprocessing it again.
 * An entry only counts while its dataset is still published.
 */
public final class DatasetIndex {

    static final String PREFIX = DatasetPublisher.DATASETS_PREFIX + "by-input/";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetIndex() {
    }

    /** The dataset {@code inputDigest} produced, if it was recorded in {@code store} and is still published. */
    public static Optional<DatasetSummary> find(ObjectReader store, String inputDigest) {
        String key = PREFIX + inputDigest + ".json";
        if (!store.exists(key)) {
            return Optional.empty();
        }
        DatasetSummary summary;
        try {
            summary = JSON.readValue(store.getBytes(key), DatasetSummary.class);
        } catch (IOException | InvalidInputException e) {
            // A broken entry only costs a re-run; the re-run overwrites it.
            LOG.warn("Ignoring unreadable dataset index entry {}: {}", key, e.getMessage());
            return Optional.empty();
        }
        String manifest = DatasetPublisher.DATASETS_PREFIX + summary.digest() + "/" + DatasetManifest.FILE_NAME;
        return store.exists(manifest) ? Optional.of(summary) : Optional.empty();
    }

    /** Records that {@code inputDigest} produced {@code summary} (after the dataset is published). */
    public static void remember(ObjectStore store, String inputDigest, DatasetSummary summary) {
        try {
            store.putBytes(PREFIX + inputDigest + ".json", JSON.writeValueAsBytes(summary), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dataset summary is not serialisable", e);
        }
    }
}
