package org.selfreg.dataprep;

import java.util.List;
import java.util.function.Supplier;

/**
 * The work of one case, run on one preprocessing thread.
 *
 * @param caseName the case, for progress reports
 * @param work     writes the case's files and returns their manifest entries
 */
record CaseJob(String caseName, Supplier<List<ManifestEntry>> work) {
}
