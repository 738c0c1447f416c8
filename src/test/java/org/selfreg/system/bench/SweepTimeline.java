package org.selfreg.system.bench;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a sweep's wall time goes, read from Conductor's record of its trial workflows: for each worker task type, how
 * many ran, their seconds from start to end (the worker's, set-up included), their seconds waiting in the queue after
 * Conductor scheduled them (a busy worker, or poll latency), and the seconds between the previous task of the same
 * trial ending and this one being scheduled (Conductor's own decision time).
 */
final class SweepTimeline {

    /** Totals over one task type. */
    record TaskTotals(int count, double runSeconds, double queuedSeconds, double scheduleGapSeconds) {

        TaskTotals plus(double run, double queued, double gap) {
            return new TaskTotals(count + 1, runSeconds + run, queuedSeconds + queued, scheduleGapSeconds + gap);
        }
    }

    private final Map<String, TaskTotals> byType = new TreeMap<>();

    static SweepTimeline of(ConductorClient conductor, String sweepWorkflowId) {
        WorkflowClient workflows = new WorkflowClient(conductor);
        SweepTimeline timeline = new SweepTimeline();
        for (Task task : workflows.getWorkflow(sweepWorkflowId, true).getTasks()) {
            if (task.getSubWorkflowId() != null) {
                timeline.add(workflows.getWorkflow(task.getSubWorkflowId(), true));
            }
        }
        return timeline;
    }

    private void add(Workflow trial) {
        List<Task> workerTasks = new ArrayList<>(trial.getTasks().stream()
                .filter(t -> t.getWorkflowTask() != null && "SIMPLE".equals(t.getWorkflowTask().getType())
                        && t.getStartTime() > 0 && t.getEndTime() > 0)
                .toList());
        workerTasks.sort(Comparator.comparingLong(Task::getScheduledTime));
        long previousEnd = 0;
        for (Task task : workerTasks) {
            double gap = previousEnd == 0 ? 0 : Math.max(0, task.getScheduledTime() - previousEnd) / 1e3;
            TaskTotals totals = byType.getOrDefault(task.getTaskDefName(), new TaskTotals(0, 0, 0, 0));
            byType.put(task.getTaskDefName(), totals.plus((task.getEndTime() - task.getStartTime()) / 1e3,
                    (task.getStartTime() - task.getScheduledTime()) / 1e3, gap));
            previousEnd = task.getEndTime();
        }
    }

    String table(String sweep) {
        StringBuilder out = new StringBuilder();
        byType.forEach((type, t) -> out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f |%n",
                sweep, type, t.count(), t.runSeconds(), t.queuedSeconds(), t.scheduleGapSeconds())));
        return out.toString();
    }

    static String header() {
        return "| sweep | task | count | running s | queued s | scheduled after the trial's previous task ended, s |\n"
                + "|---|---|---:|---:|---:|---:|\n";
    }
}
