package org.selfreg.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;

class TransfersTest {

    @RegisterExtension
    static final InProcessBucket s3 = new InProcessBucket("transfers");
    static ObjectStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        store = s3.store();
    }

    @Test
    void downloadsEveryObjectUnderThePrefixToItsRelativePath() throws Exception {
        store.putBytes("ok/a.txt", bytes("a"), "text/plain");
        store.putBytes("ok/sub/b.txt", bytes("b"), "text/plain");
        store.putBytes("okay-not-this/c.txt", bytes("c"), "text/plain");
        Transfers.downloadPrefix(store, "ok/", tmp.resolve("dl"));
        assertArrayEquals(bytes("a"), Files.readAllBytes(tmp.resolve("dl/a.txt")));
        assertArrayEquals(bytes("b"), Files.readAllBytes(tmp.resolve("dl/sub/b.txt")));
        assertFalse(Files.exists(tmp.resolve("dl/c.txt")));
    }

    @Test
    void anEmptyPrefixIsAnInputError() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Transfers.downloadPrefix(store, "nothing-here/", tmp.resolve("dl")));
        assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
    }

    @Test
    void inParallelVisitsEveryItemAndRethrowsAFailure() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        Transfers.inParallel(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), seen::add);
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), seen);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transfers.inParallel(
                List.of(1, 2, 3), i -> {
                    if (i == 2) {
                        throw new IllegalArgumentException("item 2 is bad");
                    }
                }));
        assertEquals("item 2 is bad", e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
