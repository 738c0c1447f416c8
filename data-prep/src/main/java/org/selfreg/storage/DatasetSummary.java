package org.selfreg.storage;

import java.net.URI;
import java.util.List;
import org.selfreg.dataprep.PreparedDataset;

/**
 * What a data-preparation step reports about a published dataset, enough to skip preparing it again.
 *
 * @param digest      the dataset digest
 * @param uri         {@code s3://bucket/datasets/<digest>/}
 * @param trainSlices number of training slices
 * @param valCases    validation cases
 * @param testCases   test cases in evaluation order
 * @param classes     number of classes, background included
 */
public record DatasetSummary(String digest, URI uri, int trainSlices, List<String> valCases, List<String> testCases,
                             int classes) {

    public DatasetSummary {
        valCases = List.copyOf(valCases);
        testCases = List.copyOf(testCases);
    }

    public static DatasetSummary of(PreparedDataset dataset, URI uri) {
        return new DatasetSummary(dataset.digest(), uri, dataset.trainSlices().size(), dataset.valCases(),
                dataset.testCases(), dataset.classes());
    }
}
