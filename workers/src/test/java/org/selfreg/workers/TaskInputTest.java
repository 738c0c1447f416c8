package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfreg.dataprep.InvalidInputException;

class TaskInputTest {

    private final TaskInput input = TaskInput.of("selfreg_train", Map.of(
            "epochs", 3, "lr", "0.01", "uri", "s3://bucket/key", "bad", "x", "half", 1.5,
            "grid", Map.of("lambda", List.of(0.1))));

    @Test
    void readsTypedValues() {
        assertEquals(3, input.integer("epochs", 0));
        assertEquals(0.01, input.number("lr"));
        assertEquals("bucket", input.s3Uri("uri").getHost());
        assertEquals(7, input.integer("missing", 7));
        assertEquals(Map.of("lambda", List.of(0.1)), input.map("grid"));
    }

    @Test
    void errorsNameTheKeyAndTheTask() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> input.number("bad"));
        assertTrue(e.getMessage().contains("'bad'") && e.getMessage().contains("selfreg_train"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> input.integer("half", 0));
        assertThrows(InvalidInputException.class, () -> input.string("missing"));
        assertThrows(InvalidInputException.class, () -> TaskInput.of("t", Map.of("u", "http://x")).s3Uri("u"));
    }
}
