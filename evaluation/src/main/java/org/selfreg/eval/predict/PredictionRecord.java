package org.selfreg.eval.predict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sidecar JSON beside each prediction ({@code <case>.json}): which models made it, how, from which input.
 *
 * @param input          the input file
 * @param output         the prediction's file name, beside this record
 * @param models         the models whose probabilities were averaged (one for a single model)
 * @param tta            the test-time augmentation ({@code none} or {@code flip})
 * @param seconds        wall time of this file: reading, preparing, predicting and writing
 * @param voxelsPerClass voxels (pixels for an image) of each class in the prediction, by class name
 */
public record PredictionRecord(String input, String output, List<ModelRef> models, String tta, double seconds,
                               Map<String, Long> voxelsPerClass) {

    /**
     * One model of a prediction.
     *
     * @param source        how it was named ({@code runs:/...}, {@code models:/...}, a folder)
     * @param trialKey      its trial's key, or empty
     * @param runId         its trial's MLflow run, or empty
     * @param selection     which checkpoint of the trial and why
     * @param datasetDigest the dataset it was trained on
     * @param codeVersion   the code that trained it
     */
    public record ModelRef(String source, String trialKey, String runId, String selection, String datasetDigest,
                           String codeVersion) {

        static ModelRef of(ModelPackage model) {
            ModelCard card = model.card();
            return new ModelRef(model.source(), card.trialKey(), card.runId(), card.selection(), card.datasetDigest(),
                    card.codeVersion());
        }
    }

    public PredictionRecord {
        models = List.copyOf(models);
        voxelsPerClass = Collections.unmodifiableMap(new LinkedHashMap<>(voxelsPerClass));
    }
}
