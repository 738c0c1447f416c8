package org.selfreg.workers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.selfreg.eval.EvaluationOptions;
import org.selfreg.eval.MetricMode;
import org.selfreg.eval.ModelSelection;

/**
 * What a sweep's {@code evaluation} section asks for: {@code selection} ({@code validation}, the default, or
 * {@code test-set}, the authors' optimistic selection), {@code metricMode} ({@code corrected}, the default, or
 * {@code paper}) and {@code paperGeometry} (NIfTI export with the reference's geometry).
 *
 * @param policy  how the reported checkpoint is chosen
 * @param options how the test volumes are scored and exported
 */
public record EvaluationRequest(ModelSelection.Policy policy, EvaluationOptions options) {

    /** Every key of the section. */
    public static final List<String> KEYS = List.of("selection", "metricMode", "paperGeometry");

    /** Reads the evaluation keys of {@code input}, which may hold other keys too (the evaluation task's input). */
    public static EvaluationRequest of(TaskInput input) {
        ModelSelection.Policy policy = input.has("selection")
                ? ModelSelection.Policy.parse(input.string("selection")) : ModelSelection.Policy.VALIDATION;
        EvaluationOptions defaults = EvaluationOptions.defaults();
        return new EvaluationRequest(policy, new EvaluationOptions(metricMode(input),
                input.flag("paperGeometry", false), defaults.zSpacing(), defaults.exportPredictions(),
                defaults.batchSize()));
    }

    /** Reads a sweep's evaluation section, in which every key must be one of {@link #KEYS}. */
    public static EvaluationRequest ofSection(TaskInput section) {
        return of(section.requireOnly(KEYS));
    }

    /** Every option of the section with its value, defaults included, as a sweep file spells them. */
    public Map<String, Object> explicit() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("selection", policy == ModelSelection.Policy.TEST_SET ? "test-set" : "validation");
        values.put("metricMode", options.mode().name().toLowerCase(Locale.ROOT));
        values.put("paperGeometry", options.paperGeometry());
        return values;
    }

    /** The metric mode {@code input} asks for: also the rule by which training selects its best checkpoint. */
    public static MetricMode metricMode(TaskInput input) {
        return input.has("metricMode") ? MetricMode.parse(input.string("metricMode")) : MetricMode.CORRECTED;
    }
}
