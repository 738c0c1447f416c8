package org.selfreg.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;

class ObjectStoreTest {

    @RegisterExtension
    static final InProcessBucket s3 = new InProcessBucket("objects");
    static ObjectStore store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        store = s3.store();
        store.ensureBucket(); // the bucket exists already: a second call must not fail
    }

    @Test
    void putsGetsListsCopiesAndDeletes() throws Exception {
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path file = tmp.resolve("big.bin");
        Files.write(file, big);
        store.putFile("t1/a/big.bin", file);
        store.putBytes("t1/a/note.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertTrue(store.exists("t1/a/big.bin"));
        assertFalse(store.exists("t1/a/none"));
        assertArrayEquals(big, Files.readAllBytes(store.getFile("t1/a/big.bin", tmp.resolve("down/big.bin"))));
        assertEquals("hello", new String(store.getBytes("t1/a/note.txt"), StandardCharsets.UTF_8));

        store.copy("t1/a/note.txt", "t1/b/note.txt");
        assertEquals(List.of("t1/a/big.bin", "t1/a/note.txt", "t1/b/note.txt"), store.list("t1/"));
        store.deletePrefix("t1/a/");
        assertEquals(List.of("t1/b/note.txt"), store.list("t1/"));
    }

    @Test
    void missingKeysAreInputErrors() {
        assertThrows(InvalidInputException.class, () -> store.getBytes("nowhere"));
        assertThrows(InvalidInputException.class, () -> store.getFile("nowhere", tmp.resolve("x")));
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void keyOfValidatesSchemeAndBucket() {
        S3Settings settings = s3.settings();
        assertEquals("datasets/abc/", ObjectStore.keyOf(URI.create("s3://objects/datasets/abc/"), settings));
        assertEquals(URI.create("s3://objects/k/v.txt"), store.uri("k/v.txt"));
        assertThrows(InvalidInputException.class, () -> ObjectStore.keyOf(URI.create("s3://other/k"), settings));
        assertThrows(InvalidInputException.class, () -> ObjectStore.keyOf(URI.create("https://objects/k"), settings));
    }
}
