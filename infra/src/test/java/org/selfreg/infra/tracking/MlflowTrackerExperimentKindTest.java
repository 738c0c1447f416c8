package org.selfreg.infra.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.ExperimentTag;
import org.mlflow.tracking.MlflowClient;
import org.selfreg.infra.stack.LocalS3Server;
import org.selfreg.infra.stack.MlflowServer;
import org.selfreg.tracking.MlflowTracker;

/** MlflowTracker's experiments against a real MLflow 3 server: they must open on runs, not on GenAI traces. */
class MlflowTrackerExperimentKindTest {

    @TempDir
    static Path workDir;

    private static LocalS3Server s3;
    private static MlflowServer mlflow;
    private static MlflowTracker tracker;
    private static MlflowClient plainClient;

    @BeforeAll
    static void startServers() {
        s3 = LocalS3Server.start(null, 0, "kind-test");
        mlflow = MlflowServer.start(workDir, 0, s3.settings(), Duration.ofMinutes(3));
        tracker = new MlflowTracker(mlflow.trackingUri());
        plainClient = new MlflowClient(mlflow.trackingUri().toString());
    }

    @AfterAll
    static void stopServers() {
        if (tracker != null) {
            tracker.close();
            plainClient.close();
        }
        if (mlflow != null) {
            mlflow.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static String kindOf(String experimentId) {
        return plainClient.getExperiment(experimentId).getTagsList().stream()
                .filter(t -> t.getKey().equals(MlflowTracker.EXPERIMENT_KIND_TAG))
                .map(ExperimentTag::getValue).findFirst().orElse(null);
    }

    @Test
    void anExperimentTheTrackerCreatesIsMarkedAsModelTraining() {
        String id = tracker.experimentId("fresh");
        assertEquals("custom_model_development", kindOf(id));
        assertEquals(id, tracker.experimentId("fresh"));
    }

    @Test
    void anExperimentCreatedWithoutTheMarkGetsItWhenReused() {
        String id = plainClient.createExperiment("made-before-the-mark");
        assertNull(kindOf(id), "MLflow itself set a kind: the test would prove nothing");
        assertEquals(id, tracker.experimentId("made-before-the-mark"));
        assertEquals("custom_model_development", kindOf(id));
    }

    @Test
    void aGuessOfTheUiIsReplacedButAKindAPersonPickedStays() {
        String guessed = plainClient.createExperiment("guessed");
        plainClient.setExperimentTag(guessed, MlflowTracker.EXPERIMENT_KIND_TAG, "genai_development_inferred");
        String picked = plainClient.createExperiment("picked");
        plainClient.setExperimentTag(picked, MlflowTracker.EXPERIMENT_KIND_TAG, "genai_development");
        tracker.experimentId("guessed");
        tracker.experimentId("picked");
        assertEquals("custom_model_development", kindOf(guessed));
        assertEquals("genai_development", kindOf(picked));
    }
}
