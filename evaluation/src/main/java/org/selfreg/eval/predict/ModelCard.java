package org.selfreg.eval.predict;

import java.util.Map;
import java.util.Objects;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.InputPreprocessing;

/**
 * Everything prediction needs to know about a packaged model beyond its weights, and what identifies it: the
 * {@code selfreg-model.json} of a {@link ModelPackage}. The network itself (backbone, widths, classes, head) is rebuilt
 * from the checkpoint's own sidecar, which the package carries beside the weights.
 *
 * @param formatVersion  layout of the package ({@link ModelPackage#FORMAT_VERSION})
 * @param checkpoint     the weights file, relative to the package folder; its {@code .json} sidecar lies beside it
 * @param selection      which checkpoint of the trial this is and how it was chosen (e.g. {@code best: validation})
 * @param trialKey       the trial's key (configuration, dataset and code), or empty outside a sweep
 * @param runId          the MLflow run of the trial, or empty
 * @param codeVersion    the code that trained and evaluated it
 * @param datasetDigest  the manifest digest of the dataset it was trained on
 * @param metricMode     the metric rules its reported numbers follow ({@code corrected} or {@code paper})
 * @param dataset        what the dataset is: class names, channels, dimensions, protocol
 * @param preprocessing  how a new input is prepared like the dataset: HU window, or the size images are resized to
 * @param datasetConfig  the dataset's preprocessing config as its manifest records it (label map, layout, ...)
 */
public record ModelCard(int formatVersion, String checkpoint, String selection, String trialKey, String runId,
                        String codeVersion, String datasetDigest, String metricMode, DatasetDescription dataset,
                        InputPreprocessing preprocessing, Map<String, Object> datasetConfig) {

    public ModelCard {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(preprocessing, "preprocessing");
        trialKey = Objects.requireNonNullElse(trialKey, "");
        runId = Objects.requireNonNullElse(runId, "");
        datasetConfig = Map.copyOf(Objects.requireNonNullElse(datasetConfig, Map.of()));
    }
}
