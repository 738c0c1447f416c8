package org.selfreg.workers;

import com.netflix.conductor.common.metadata.tasks.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.workers.scheduling.RungDecider;
import org.selfreg.workers.scheduling.RungLedger;
import org.selfreg.workers.scheduling.RungResult;
import org.selfreg.workers.scheduling.SchedulerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code selfreg_schedule}: after each training segment of a trial, decides whether it goes on, stops (the sweep's
 * {@link SchedulerSpec scheduler} found it weak) or is complete, and where its next segment ends.
 *
 * <p>A decision is made once per trial and decision epoch, against the records of the sweep's other trials in the
 * {@link RungLedger}, and written there with the values it compared; a retried task, a restarted workflow or a rerun
 * of the sweep reads it back. Each decision is one line in the task log and a tag on the trial's run. A stopped trial
 * keeps its checkpoints: run the sweep again with {@code scheduler: none} and it resumes where it stopped.
 */
public final class ScheduleWorker extends PipelineWorker {

    public static final String TASK = "selfreg_schedule";
    /** The run tag holding the trial's outcome: {@link #COMPLETED} or {@link #STOPPED}. */
    public static final String TRIAL_STATUS_TAG = "selfreg.trial_status";
    /** The run tag of a stopped trial: the epochs it completed. */
    public static final String STOPPED_AFTER_TAG = "selfreg.stopped_after_epoch";
    /** A trial that trained to its last epoch (or early stopping's). */
    public static final String COMPLETED = "COMPLETED";
    /** A trial the scheduler ended at a decision epoch. */
    public static final String STOPPED = "STOPPED";
    /** A trial with segments to train. */
    static final String RUNNING = "RUNNING";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleWorker.class);

    private final WorkerContext context;

    public ScheduleWorker(WorkerContext context) {
        super(TASK);
        this.context = context;
    }

    @Override
    protected Map<String, Object> run(Task task, TaskInput input) {
        SchedulerSpec spec = SchedulerSpec.of(input.objectOrEmpty("scheduler"));
        String trialKey = input.string("trialKey");
        String runId = input.string("runId");
        int epochs = input.integer("epochs", 0);
        List<Double> validation = validationDice(input);
        int completed = validation.size();
        double trainSeconds = input.number("trainSeconds") + input.number("previousTrainSeconds", 0);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("epochsCompleted", completed);
        output.put("trainSeconds", trainSeconds);
        try (MlflowTracker tracker = new MlflowTracker(context.mlflowUri())) {
            if (input.flag("trainingEnded", false)) {
                end(tracker, runId, COMPLETED, completed, trainSeconds, Map.of());
                return status(output, COMPLETED, completed);
            }
            if (!spec.decisionEpochs(epochs).contains(completed)) {
                return status(output, RUNNING, spec.stopAfter(completed, epochs));
            }
            RungResult result = decision(task, input, spec, trialKey, completed, validation);
            String line = String.format(Locale.ROOT, "trial %s (%s) after epoch %d/%d: %s, %s%s",
                    input.string("label"), trialKey, completed, epochs, result.stop() ? "stops" : "goes on",
                    result.reason(), result.comparedWith().isEmpty() ? ""
                            : " (compared with " + String.join(", ", result.comparedWith()) + ")");
            LOG.info("{}", line);
            context.taskLog().append(task.getTaskId(), line);
            String decisionTag = "selfreg.scheduler.epoch_" + completed;
            String decision = (result.stop() ? "stop: " : "go on: ") + result.reason();
            if (result.stop()) {
                end(tracker, runId, STOPPED, completed, trainSeconds,
                        Map.of(decisionTag, decision, STOPPED_AFTER_TAG, Integer.toString(completed)));
                return status(output, STOPPED, completed);
            }
            tracker.setTags(runId, Map.of(decisionTag, decision));
            return status(output, RUNNING, spec.stopAfter(completed, epochs));
        }
    }

    /** The trial's recorded decision at this epoch, or a new one, recorded before it is acted on. */
    private RungResult decision(Task task, TaskInput input, SchedulerSpec spec, String trialKey, int epoch,
                                List<Double> validation) {
        double[] measured = validation.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
        if (measured.length == 0) {
            throw input.invalid("validationDice", "has no value in the " + epoch + " epochs of trial " + trialKey
                    + ": the scheduler judges trials on the validation Dice, so the dataset needs validation cases"
                    + " (or use scheduler: none)");
        }
        double best = Arrays.stream(measured).max().orElseThrow();
        double runningMean = Arrays.stream(measured).average().orElseThrow();
        try (ObjectStore store = ObjectStore.open(context.s3())) {
            RungLedger ledger = new RungLedger(store, input.string("schedulerScope"));
            RungResult result = new RungDecider(spec, ledger).decide(trialKey, input.string("label"), epoch, best,
                    runningMean);
            LOG.debug("{} {}: recorded in {}", TASK, task.getTaskId(), ledger.location());
            return result;
        }
    }

    /** Ends the trial's training: its outcome and the training seconds of all its segments go to its run. */
    private static void end(MlflowTracker tracker, String runId, String status, int epochs, double trainSeconds,
                            Map<String, String> tags) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.put(TRIAL_STATUS_TAG, status);
        tracker.setTags(runId, all);
        tracker.logMetrics(runId, Map.of("train_seconds", trainSeconds), epochs);
    }

    private static Map<String, Object> status(Map<String, Object> output, String status, int nextEpoch) {
        output.put("status", status);
        output.put("proceed", RUNNING.equals(status));
        output.put("nextEpoch", nextEpoch);
        return output;
    }

    /** The per-epoch validation Dice the training task reported; null (not measured) reads as NaN. */
    private static List<Double> validationDice(TaskInput input) {
        Object raw = input.values().get("validationDice");
        if (!(raw instanceof List<?> list)) {
            throw input.invalid("validationDice", "must be the list of per-epoch validation Dice, got " + raw);
        }
        List<Double> values = new ArrayList<>();
        for (Object v : list) {
            values.add(v instanceof Number n ? n.doubleValue() : Double.NaN);
        }
        return values;
    }
}
