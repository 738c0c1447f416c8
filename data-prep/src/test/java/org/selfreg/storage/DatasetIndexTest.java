package org.selfreg.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.selfreg.dataprep.DatasetManifest;

class DatasetIndexTest {

    @RegisterExtension
    static final InProcessBucket s3 = new InProcessBucket("index");
    static ObjectStore store;

    @BeforeAll
    static void start() {
        store = s3.store();
    }

    @Test
    void remembersWhichDatasetAnInputProduced() {
        DatasetSummary summary = publishedSummary("d1");
        DatasetIndex.remember(store, "input-1", summary);
        assertEquals(Optional.of(summary), DatasetIndex.find(store, "input-1"));
        assertEquals(Optional.empty(), DatasetIndex.find(store, "input-2"), "another input is not matched");
    }

    @Test
    void anEntryWhoseDatasetIsGoneDoesNotCount() {
        DatasetSummary summary = summary("d2");
        DatasetIndex.remember(store, "input-3", summary);
        assertTrue(DatasetIndex.find(store, "input-3").isEmpty(), "no manifest under datasets/d2/");
    }

    @Test
    void anUnreadableEntryIsIgnoredAndOverwritten() {
        DatasetSummary summary = publishedSummary("d3");
        store.putBytes(DatasetIndex.PREFIX + "input-4.json", "{not json".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertTrue(DatasetIndex.find(store, "input-4").isEmpty());
        DatasetIndex.remember(store, "input-4", summary);
        assertEquals(Optional.of(summary), DatasetIndex.find(store, "input-4"));
    }

    /** A summary whose dataset has a manifest in the store (its content does not matter to the index). */
    private static DatasetSummary publishedSummary(String digest) {
        store.putBytes(DatasetPublisher.DATASETS_PREFIX + digest + "/" + DatasetManifest.FILE_NAME,
                "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        return summary(digest);
    }

    private static DatasetSummary summary(String digest) {
        return new DatasetSummary(digest, URI.create("s3://index/datasets/" + digest + "/"), 12,
                List.of("case0002"), List.of("case0003", "case0001"), 9);
    }
}
