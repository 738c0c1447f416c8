package org.selfreg.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;

class DatasetPublisherTest {

    @TempDir
    static Path shared;
    @RegisterExtension
    static final InProcessBucket s3 = new InProcessBucket("pipeline");
    static ObjectStore store;
    static PreparedDataset dataset;

    @TempDir
    Path tmp;

    @BeforeAll
    static void prepare() {
        store = s3.store();
        SyntheticCtGenerator.generate(shared.resolve("raw"), new SyntheticSpec(4, 24, 5, 6, 3));
        dataset = new Preprocessor().prepare(shared.resolve("raw"), shared.resolve("out"),
                PreprocessConfig.synapseDefaults().withSplit(1, 1, 5));
    }

    @Test
    void publishesContentAddressedAndFetchesAnIdenticalCopy() throws Exception {
        URI uri = new DatasetPublisher().publish(dataset, store);
        assertEquals(URI.create("s3://pipeline/datasets/" + dataset.digest() + "/"), uri);
        String prefix = "datasets/" + dataset.digest() + "/";
        assertEquals(List.of(), store.list("").stream().filter(k -> !k.startsWith("datasets/")).toList(),
                "nothing is written outside the dataset's prefix");
        int lists = 3;
        assertEquals(DatasetManifest.read(dataset.dir()).entries().size() + lists + 1, store.list(prefix).size(),
                "every file of the manifest, the lists and the manifest itself");

        Path local = new DatasetPublisher().fetch(uri, store, tmp.resolve("cache"));
        assertEquals(tmp.resolve("cache").resolve(dataset.digest()), local);
        PreparedDataset fetched = PreparedDataset.load(local);
        assertEquals(dataset.digest(), fetched.digest());
        assertEquals(dataset.trainSlices(), fetched.trainSlices());
        String slice = dataset.trainSlices().getFirst();
        assertArrayEquals(Files.readAllBytes(dataset.slicePath(slice)), Files.readAllBytes(fetched.slicePath(slice)));
        assertTrue(Files.exists(local.resolve(DatasetPublisher.COMPLETE_MARKER)));
    }

    @Test
    void publishingTwiceUploadsNothingNew() {
        URI first = new DatasetPublisher().publish(dataset, store);
        String manifestKey = "datasets/" + dataset.digest() + "/" + DatasetManifest.FILE_NAME;
        store.putBytes(manifestKey + ".probe", new byte[0], "application/octet-stream");
        int before = store.list("datasets/").size();
        assertEquals(first, new DatasetPublisher().publish(dataset, store));
        assertEquals(before, store.list("datasets/").size());
        store.deletePrefix(manifestKey + ".probe");
    }

    @Test
    void aCompleteLocalCopyIsReusedWithoutDownloading() throws Exception {
        URI uri = new DatasetPublisher().publish(dataset, store);
        Path cache = tmp.resolve("cache");
        Path local = new DatasetPublisher().fetch(uri, store, cache);
        Path marker = local.resolve("reused");
        Files.writeString(marker, "kept");
        assertEquals(local, new DatasetPublisher().fetch(uri, store, cache));
        assertTrue(Files.exists(marker), "a complete copy is not downloaded again");
    }

    @Test
    void anIncompleteLocalCopyIsReplaced() throws Exception {
        URI uri = new DatasetPublisher().publish(dataset, store);
        Path cache = tmp.resolve("cache");
        Path partial = cache.resolve(dataset.digest());
        Files.createDirectories(partial);
        Files.writeString(partial.resolve(DatasetManifest.FILE_NAME), "{broken");
        Path local = new DatasetPublisher().fetch(uri, store, cache);
        assertEquals(dataset.digest(), PreparedDataset.load(local).digest());
    }

    @Test
    void rejectsUrisThatAreNotPublishedDatasets() {
        DatasetPublisher publisher = new DatasetPublisher();
        assertThrows(InvalidInputException.class,
                () -> publisher.fetch(URI.create("s3://pipeline/datasets/" + "0".repeat(64) + "/"), store, tmp));
        assertThrows(InvalidInputException.class,
                () -> publisher.fetch(URI.create("s3://pipeline/elsewhere/x/"), store, tmp));
        assertThrows(InvalidInputException.class,
                () -> publisher.fetch(URI.create("s3://other-bucket/datasets/" + dataset.digest() + "/"), store, tmp));
    }
}
