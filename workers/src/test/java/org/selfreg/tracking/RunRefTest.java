package org.selfreg.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RunRefTest {

    @Test
    void aRunLinkOpensMlflowsModelTrainingViewNotItsGenAiOne() {
        RunRef run = new RunRef("abc", "7", URI.create("s3://selfreg/mlflow/7/abc/artifacts"));
        assertEquals(URI.create("http://127.0.0.1:5310/#/experiments/7/runs/abc?workflowType=machine_learning"),
                run.uiUrl(URI.create("http://127.0.0.1:5310/")));
    }

    @Test
    void theExperimentListOpensInTheModelTrainingViewToo() {
        assertEquals(URI.create("http://127.0.0.1:5310/#/experiments?workflowType=machine_learning"),
                RunRef.experimentsUrl(URI.create("http://127.0.0.1:5310")));
    }
}
