package org.selfreg.infra;

import java.util.Map;
import org.selfreg.workers.EvaluateWorker;
import org.selfreg.workers.PredictBatchWorker;
import org.selfreg.workers.TrainWorker;

/**
 * Conductor task domains: the tasks that want an accelerator (training, evaluation, batch prediction) go to a named pool of workers, so
 * GPU workers and CPU workers poll separate queues. The same map is given to the sweep at start and to its workers.
 */
public final class TaskDomains {

    private TaskDomains() {
    }

    /** Routes the accelerated task types to {@code domain}. */
    public static Map<String, String> accelerated(String domain) {
        return Map.of(TrainWorker.TASK, domain, EvaluateWorker.TASK, domain, PredictBatchWorker.TASK, domain);
    }
}
