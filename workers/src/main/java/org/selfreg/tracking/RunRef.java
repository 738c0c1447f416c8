package org.selfreg.tracking;

import java.net.URI;

/**
 * One MLflow run as the pipeline refers to it between tasks.
 *
 * @param runId        the MLflow run id
 * @param experimentId the experiment holding it
 * @param artifactUri  where its artifacts live ({@code s3://bucket/mlflow/<experiment>/<run>/artifacts})
 */
public record RunRef(String runId, String experimentId, URI artifactUri) {

    /**
     * MLflow 3.17's UI shows every experiment as a GenAI app (traces, prompts) unless the link or the browser's last
     * choice in its GenAI / Model training switch says model training: this query parameter decides there, not the
     * experiment's {@link MlflowTracker#EXPERIMENT_KIND_TAG}.
     */
    static final String MODEL_TRAINING_VIEW = "?workflowType=machine_learning";

    /** The run's page in the MLflow UI served by {@code trackingUri}, in its model-training view. */
    public URI uiUrl(URI trackingUri) {
        return URI.create(base(trackingUri) + "/#/experiments/" + experimentId + "/runs/" + runId + MODEL_TRAINING_VIEW);
    }

    /**
     * The experiment list of the MLflow UI served by {@code trackingUri}, in its model-training view (the switch
     * reads "Model training" there, checked in headless Chromium; the plain list opens on GenAI).
     */
    public static URI experimentsUrl(URI trackingUri) {
        return URI.create(base(trackingUri) + "/#/experiments" + MODEL_TRAINING_VIEW);
    }

    private static String base(URI trackingUri) {
        return trackingUri.toString().replaceAll("/+$", "");
    }
}
