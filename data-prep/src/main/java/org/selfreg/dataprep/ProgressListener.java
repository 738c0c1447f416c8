package org.selfreg.dataprep;

/** Told each time a case finishes preprocessing; called from worker threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (caseName, done, total) -> { };

    void onCase(String caseName, int done, int total);
}
