package org.selfreg.infra;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker host's task client, able to stop taking tasks and to give back those it holds, so that a stopping worker
 * passes its tasks to the other workers at once rather than leaving each to its response timeout (60-120 s,
 * workflows/tasks.json).
 *
 * <p>A task is given back by reporting it IN_PROGRESS with {@code callbackAfterSeconds} 0: Conductor queues it again
 * at once, as the same task (no retry is spent), and the next worker resumes it from its checkpoint. Stopping closes
 * a gap the polling loop leaves open: a long poll still open when its worker stops can receive a task that nobody
 * runs (seen twice in the orchestration bench). Here a poll open at the stop runs to its end, and what it brings is
 * given back before {@link #awaitOpenPolls} returns.
 */
final class HandBackTaskClient extends TaskClient {

    private static final Logger LOG = LoggerFactory.getLogger(HandBackTaskClient.class);

    /** Tasks polled and not yet finished (their last update not sent), by id. */
    private final Map<String, Task> held = new ConcurrentHashMap<>();
    private final Object polls = new Object();
    private int openPolls; // guarded by polls
    private boolean stopped; // guarded by polls

    HandBackTaskClient(ConductorClient conductor) {
        super(conductor);
    }

    @Override
    public List<Task> batchPollTasksInDomain(String taskType, String domain, String workerId, int count,
                                             int timeoutInMillisecond) {
        synchronized (polls) {
            if (stopped) {
                return List.of();
            }
            openPolls++;
        }
        try {
            List<Task> tasks = super.batchPollTasksInDomain(taskType, domain, workerId, count, timeoutInMillisecond);
            boolean keep;
            synchronized (polls) {
                keep = !stopped;
                if (keep) {
                    tasks.forEach(task -> held.put(task.getTaskId(), task));
                }
            }
            if (keep) {
                return tasks;
            }
            tasks.forEach(task -> handBack(task, "it arrived as its worker stopped"));
            return List.of();
        } finally {
            synchronized (polls) {
                openPolls--;
                polls.notifyAll();
            }
        }
    }

    @Override
    public void updateTask(TaskResult result) {
        super.updateTask(result);
        // IN_PROGRESS is a lease extension or a progress report; any other status is the task's last update.
        if (result.getStatus() != TaskResult.Status.IN_PROGRESS) {
            held.remove(result.getTaskId());
        }
    }

    /** Takes no more tasks; tasks that the polls still open bring are given back ({@link #awaitOpenPolls}). */
    void stopPolling() {
        synchronized (polls) {
            stopped = true;
        }
    }

    /** Waits up to {@code wait} for the polls still open to return; returns whether they all did. */
    boolean awaitOpenPolls(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (polls) {
            while (openPolls > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                polls.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** The polls under way. */
    int openPolls() {
        synchronized (polls) {
            return openPolls;
        }
    }

    /** Gives back every task this client still holds (after {@link #stopPolling}); returns them. */
    List<Task> handBackHeld() {
        List<Task> tasks = List.copyOf(held.values());
        tasks.forEach(task -> handBack(task, "its worker stopped"));
        return tasks;
    }

    private void handBack(Task task, String why) {
        TaskResult back = new TaskResult(task);
        back.setStatus(TaskResult.Status.IN_PROGRESS);
        back.setCallbackAfterSeconds(0);
        back.log("handed back to the queue: " + why);
        try {
            super.updateTask(back);
            held.remove(task.getTaskId());
            LOG.info("Handed {} {} back to Conductor ({}): another worker takes it over", task.getTaskDefName(),
                    task.getTaskId(), why);
        } catch (RuntimeException e) {
            LOG.warn("Could not hand {} {} back ({}); Conductor hands it out again after its response timeout",
                    task.getTaskDefName(), task.getTaskId(), e.toString());
        }
    }
}
