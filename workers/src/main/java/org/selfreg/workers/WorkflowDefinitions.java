package org.selfreg.workers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.MetadataClient;
import com.netflix.conductor.common.config.ObjectMapperProvider;
import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The task and workflow definitions in {@code workflows/} (versioned beside these workers), registered with a server.
 */
public final class WorkflowDefinitions {

    /** The sweep workflow that users start. */
    public static final String SWEEP_WORKFLOW = "selfreg_sweep";
    public static final int SWEEP_VERSION = 1;
    /** The batch prediction workflow that {@code ./selfreg predict --workers remote} starts. */
    public static final String PREDICT_WORKFLOW = "selfreg_predict";
    public static final int PREDICT_VERSION = 1;

    private static final List<String> WORKFLOWS = List.of("selfreg_trial.json", "selfreg_sweep.json",
            "selfreg_predict.json");
    private static final ObjectMapper JSON = new ObjectMapperProvider().getObjectMapper();

    private WorkflowDefinitions() {
    }

    public static List<TaskDef> taskDefs() {
        return read("tasks.json", new TypeReference<List<TaskDef>>() { });
    }

    public static List<WorkflowDef> workflowDefs() {
        return WORKFLOWS.stream().map(name -> read(name, new TypeReference<WorkflowDef>() { })).toList();
    }

    /**
     * The input keys that {@code tasks.json} declares for {@code taskName}.
     *
     * @throws IllegalArgumentException when it defines no such task
     */
    static Set<String> inputKeys(String taskName) {
        return taskDefs().stream().filter(d -> d.getName().equals(taskName)).findFirst()
                .map(d -> Set.copyOf(d.getInputKeys()))
                .orElseThrow(() -> new IllegalArgumentException("workflows/tasks.json defines no task " + taskName));
    }

    /** Registers (or updates) every task and workflow definition. */
    public static void register(MetadataClient metadata) {
        metadata.registerTaskDefs(taskDefs());
        metadata.updateWorkflowDefs(workflowDefs());
    }

    private static <T> T read(String name, TypeReference<T> type) {
        try (InputStream in = WorkflowDefinitions.class.getResourceAsStream("/workflows/" + name)) {
            if (in == null) {
                throw new IllegalStateException("workflows/" + name + " is not on the classpath: rebuild the workers module");
            }
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read workflows/" + name, e);
        }
    }
}
