package org.selfreg.infra.sweep;

import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskExecLog;
import com.netflix.conductor.common.run.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.selfreg.workers.TrainingProgress;

/**
 * Reads a sweep's state from Conductor alone (workflows, sub-workflows, task logs), so it works for a sweep whose workers
 * run on other machines.
 */
final class SweepWatcher {

    private final WorkflowClient workflows;
    private final TaskClient tasks;

    SweepWatcher(WorkflowClient workflows, TaskClient tasks) {
        this.workflows = workflows;
        this.tasks = tasks;
    }

    SweepSnapshot snapshot(Workflow sweep) {
        List<SweepSnapshot.Trial> trials = new ArrayList<>();
        for (Map<String, Object> trial : plannedTrials(sweep)) {
            String ref = String.valueOf(trial.get("ref"));
            String label = String.valueOf(trial.get("label"));
            if (trial.get("reusedRunId") != null) {
                trials.add(new SweepSnapshot.Trial(label, SweepSnapshot.Phase.DONE, 1,
                        "reused FINISHED run " + trial.get("reusedRunId")));
            } else {
                trials.add(trialState(label, taskByRef(sweep, ref)));
            }
        }
        return new SweepSnapshot(sweep.getStatus().name(), stage(sweep), trials);
    }

    /** Every failed task of the sweep and of its trials, as "task: reason" lines. */
    List<String> failures(Workflow sweep) {
        List<String> lines = new ArrayList<>();
        for (Task task : sweep.getTasks()) {
            if (task.getSubWorkflowId() != null && failed(task)) {
                Workflow trial = workflows.getWorkflow(task.getSubWorkflowId(), true);
                trial.getTasks().stream().filter(SweepWatcher::failed)
                        .forEach(t -> lines.add(task.getReferenceTaskName() + "/" + t.getReferenceTaskName() + " "
                                + t.getStatus() + ": " + t.getReasonForIncompletion()));
            } else if (failed(task) && task.getSubWorkflowId() == null && !"JOIN".equals(task.getTaskType())) {
                lines.add(task.getReferenceTaskName() + " " + task.getStatus() + ": " + task.getReasonForIncompletion());
            }
        }
        return lines;
    }

    /** Ended without its result; an optional task that failed ends COMPLETED_WITH_ERRORS, which counts here. */
    private static boolean failed(Task task) {
        return task.getStatus().isTerminal()
                && (!task.getStatus().isSuccessful() || task.getStatus() == Task.Status.COMPLETED_WITH_ERRORS);
    }

    private SweepSnapshot.Trial trialState(String label, Optional<Task> forkTask) {
        if (forkTask.isEmpty() || forkTask.get().getSubWorkflowId() == null) {
            return new SweepSnapshot.Trial(label, SweepSnapshot.Phase.QUEUED, 0, "queued");
        }
        Task task = forkTask.get();
        if (task.getStatus().isTerminal()) {
            boolean ok = !failed(task);
            return new SweepSnapshot.Trial(label, ok ? SweepSnapshot.Phase.DONE : SweepSnapshot.Phase.FAILED, 1,
                    ok ? "done" : "failed");
        }
        Workflow trial = workflows.getWorkflow(task.getSubWorkflowId(), true);
        Optional<Task> evaluate = trial.getTasks().stream().filter(t -> isTask(t, "evaluate")).findFirst();
        if (evaluate.isPresent()) {
            return new SweepSnapshot.Trial(label, SweepSnapshot.Phase.EVALUATING, 1, "evaluating test volumes");
        }
        Optional<Task> train = trial.getTasks().stream().filter(t -> isTask(t, "train")).reduce((a, b) -> b);
        if (train.isEmpty() || train.get().getStatus() == Task.Status.SCHEDULED) {
            return new SweepSnapshot.Trial(label, SweepSnapshot.Phase.QUEUED, 0, "waiting for a training worker");
        }
        return lastProgress(train.get().getTaskId())
                .map(p -> new SweepSnapshot.Trial(label, SweepSnapshot.Phase.TRAINING, p.fraction(), p.line()))
                .orElse(new SweepSnapshot.Trial(label, SweepSnapshot.Phase.TRAINING, 0, "loading data"));
    }

    private Optional<TrainingProgress> lastProgress(String taskId) {
        List<TaskExecLog> logs = tasks.getTaskLogs(taskId);
        return logs == null ? Optional.empty()
                : TrainingProgress.latestIn(logs.stream().map(TaskExecLog::getLog).toList());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> plannedTrials(Workflow sweep) {
        return taskByRef(sweep, "open")
                .filter(t -> t.getStatus() == Task.Status.COMPLETED)
                .map(t -> (List<Map<String, Object>>) t.getOutputData().get("trials"))
                .orElse(List.of());
    }

    private static String stage(Workflow sweep) {
        if (sweep.getStatus().isTerminal()) {
            return sweep.getStatus().name().toLowerCase();
        }
        return sweep.getTasks().stream().filter(t -> !t.getStatus().isTerminal()).findFirst()
                .map(t -> switch (t.getReferenceTaskName()) {
                    case "prepare" -> "preparing the dataset";
                    case "open" -> "opening the MLflow parent run";
                    case "summarize" -> "summarizing";
                    default -> "running trials";
                })
                .orElse("scheduling");
    }

    /**
     * Whether {@code task} is the workflow's task {@code ref}, in any iteration: inside a DO_WHILE (a trial's training
     * segments) Conductor names the n-th iteration's task {@code ref__n}.
     */
    private static boolean isTask(Task task, String ref) {
        String name = task.getReferenceTaskName();
        return ref.equals(name) || name != null && name.startsWith(ref + "__");
    }

    private static Optional<Task> taskByRef(Workflow workflow, String ref) {
        return workflow.getTasks().stream().filter(t -> ref.equals(t.getReferenceTaskName())).reduce((a, b) -> b);
    }
}
