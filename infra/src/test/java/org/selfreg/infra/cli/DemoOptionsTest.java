package org.selfreg.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsDescribeTheDocumentedDemo() {
        DemoOptions options = DemoOptions.parse(List.of(), Map.of());
        assertEquals(List.of(0.0, 0.01, 0.1), options.lambdas());
        assertEquals(2, options.epochs());
        assertEquals(64, options.imageSize());
        assertEquals(16, options.width());
        assertEquals(24, options.cases());
        assertEquals(Map.of("lambda", List.of(0.0, 0.01, 0.1)), options.sweep("s").grid());
        assertEquals(8310, options.stack().conductorPort());
    }

    @Test
    void commandLineAndEnvironmentOverrideDefaults() {
        DemoOptions options = DemoOptions.parse(List.of("--lambdas", "0.5", "--epochs=3"),
                Map.of("MLFLOW_TRACKING_URI", "http://mlflow.example:5000"));
        assertEquals(List.of(0.5), options.lambdas());
        assertEquals(3, options.epochs());
        assertEquals(URI.create("http://mlflow.example:5000"), options.stack().externalMlflow());
    }

    @Test
    void badInputGetsOneClearMessage() {
        assertMessage("unknown option --lamdas", List.of("--lamdas", "1"));
        assertMessage("-0.1 is not allowed", List.of("--lambdas", "0,-0.1"));
        assertMessage("'abc' is not a number", List.of("--lambdas", "abc"));
        assertMessage("NaN is not allowed", List.of("--lambdas", "NaN"));
        assertMessage("--epochs needs a value", List.of("--epochs"));
        assertMessage("not a port", List.of("--conductor-port", "70000"));
        assertMessage("needs credentials", List.of("--s3-endpoint", "http://127.0.0.1:9000"));
    }

    private static void assertMessage(String expected, List<String> args) {
        UsageException e = assertThrows(UsageException.class, () -> DemoOptions.parse(args, Map.of()));
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
