package org.selfreg.workers;

import com.netflix.conductor.client.http.TaskClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress lines in Conductor's task log, where anyone watching the workflow (our CLI included) can read them.
 */
public final class ConductorTaskLog implements TaskLog {

    private static final Logger LOG = LoggerFactory.getLogger(ConductorTaskLog.class);

    private final TaskClient tasks;

    public ConductorTaskLog(TaskClient tasks) {
        this.tasks = tasks;
    }

    @Override
    public void append(String taskId, String line) {
        try {
            tasks.logMessageForTask(taskId, line);
        } catch (RuntimeException e) {
            // Progress is for people watching; a lost line must never fail the training it describes.
            LOG.debug("task log line for {} not stored: {}", taskId, e.toString());
        }
    }
}
