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

    /** The run's page in the MLflow UI served by {@code trackingUri}. */
    public URI uiUrl(URI trackingUri) {
        String base = trackingUri.toString().replaceAll("/+$", "");
        return URI.create(base + "/#/experiments/" + experimentId + "/runs/" + runId);
    }
}
