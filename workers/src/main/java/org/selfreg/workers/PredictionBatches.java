package org.selfreg.workers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fan-out of a batch prediction: its input files in consecutive chunks, one {@code selfreg_predict_batch} task
 * each, as the {@code dynamicTasks} and {@code dynamicTasksInput} of a FORK_JOIN_DYNAMIC.
 */
final class PredictionBatches {

    private PredictionBatches() {
    }

    /**
     * One task per {@code filesPerTask} files (the last takes the rest), each with {@code common} and its
     * {@code files}.
     */
    static Map<String, Object> fork(List<String> files, int filesPerTask, Map<String, Object> common) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int start = 0; start < files.size(); start += filesPerTask) {
            String ref = PredictBatchWorker.TASK + "_" + tasks.size();
            tasks.add(Map.of("name", PredictBatchWorker.TASK, "taskReferenceName", ref, "type", "SIMPLE"));
            Map<String, Object> input = new LinkedHashMap<>(common);
            input.put("files", List.copyOf(files.subList(start, Math.min(files.size(), start + filesPerTask))));
            inputs.put(ref, input);
        }
        Map<String, Object> fork = new LinkedHashMap<>();
        fork.put("dynamicTasks", tasks);
        fork.put("dynamicTasksInput", inputs);
        return fork;
    }
}
