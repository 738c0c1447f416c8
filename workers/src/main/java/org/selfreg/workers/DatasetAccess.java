package org.selfreg.workers;

import java.net.URI;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.storage.DatasetPublisher;
import org.selfreg.storage.ObjectStore;

/**
 * A prepared dataset as a worker sees it: fetched once from S3 into the local cache (every file, lists included,
 * checked against the manifest), then opened through data-prep's guarded readers, so that a list line that is not a
 * plain name never becomes a path.
 */
final class DatasetAccess {

    private DatasetAccess() {
    }

    static PreparedDataset fetch(URI datasetUri, ObjectStore store, WorkerContext context) {
        return PreparedDataset.load(new DatasetPublisher().fetch(datasetUri, store, context.datasetCache()));
    }
}
