package org.selfreg.workers;

import com.netflix.conductor.client.worker.Worker;
import java.util.List;

/** Every worker of the pipeline, ready to be polled by one worker process. */
public final class Workers {

    private Workers() {
    }

    public static List<Worker> all(WorkerContext context) {
        return List.of(
                new PrepareDataWorker(context),
                new OpenSweepWorker(context),
                new TrainWorker(context),
                new ScheduleWorker(context),
                new EvaluateWorker(context),
                new SummarizeWorker(context),
                new PlanPredictionWorker(context),
                new PredictBatchWorker(context),
                new LogPredictionWorker(context));
    }
}
