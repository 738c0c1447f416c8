package org.selfreg.workers;

/**
 * Where a running task reports its progress for people watching the sweep (Conductor's task log).
 */
@FunctionalInterface
public interface TaskLog {

    /** Appends one line to the log of task {@code taskId}. */
    void append(String taskId, String line);

    /** Discards every line: for tests and for callers that do not watch progress. */
    TaskLog NONE = (taskId, line) -> { };
}
