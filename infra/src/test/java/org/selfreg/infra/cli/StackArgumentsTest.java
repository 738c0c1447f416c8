package org.selfreg.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackArgumentsTest {

    private static Optional<String> externalServers(List<String> args, Map<String, String> env) {
        return DemoOptions.parse(args, env).stack().externalServers();
    }

    @Test
    void aTrackingUriLeftInTheShellIsNamedWithItsSource() {
        assertEquals(Optional.of("Using existing servers, not starting them: MLflow at http://team.example:5000"
                        + " (from environment variable MLFLOW_TRACKING_URI)"),
                externalServers(List.of(), Map.of("MLFLOW_TRACKING_URI", "http://team.example:5000")));
    }

    @Test
    void aFlagIsNamedAsTheFlagEvenWhenTheEnvironmentAlsoSetsIt() {
        assertEquals(Optional.of("Using existing servers, not starting them: MLflow at http://mine:5000"
                        + " (from --mlflow-url); Conductor at http://conductor:8080/api (from --conductor-url)"),
                externalServers(List.of("--mlflow-url", "http://mine:5000", "--conductor-url=http://conductor:8080/api"),
                        Map.of("MLFLOW_TRACKING_URI", "http://team.example:5000")));
    }

    @Test
    void aLocalStackSaysNothing() {
        assertEquals(Optional.empty(), externalServers(List.of(), Map.of("MLFLOW_TRACKING_URI", " ")));
    }
}
