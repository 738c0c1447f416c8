package org.selfreg.dataprep;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The work of one case, run on one preprocessing thread.
 *
 * @param caseName the case, for progress reports
 * @param work     writes the case's files, handing slices to the given slice writers where it can overlap them with
 *                 reading, and returns their manifest entries
 */
record CaseJob(String caseName, Function<Executor, List<ManifestEntry>> work) {
}
