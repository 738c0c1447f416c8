package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeNamesTest {

    @TempDir
    Path tmp;

    @Test
    void aNameIsOnePlainFileName() {
        assertEquals("0123456789abcdef", SafeNames.name("0123456789abcdef", "trialKey"));
        assertEquals("case0005_slice000", SafeNames.name("case0005_slice000", "a list line"));
        for (String hostile : List.of("../x", "..", ".", "a/b", "/etc/passwd", "a\\b", ".hidden", "", "a..b")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> SafeNames.name(hostile, "trialKey of selfreg_train"), hostile);
            assertTrue(e.getMessage().contains("trialKey of selfreg_train") && e.getMessage().contains("plain name"),
                    e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> SafeNames.name(null, "trialKey"));
    }

    @Test
    void aRelativePathStaysUnderItsRoot() {
        Path root = tmp.resolve("dl").toAbsolutePath();
        for (String relative : List.of("../escaped.txt", "a/../../escaped.txt", "/etc/escaped.txt", "", "a/..",
                "sub/./x/../b.txt", "a//b", "a/", "..\\x")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> SafeNames.under(root, relative, "s3://transfers/evil/key"), relative);
            assertTrue(e.getMessage().contains("s3://transfers/evil/key") && e.getMessage().contains("outside"),
                    e.getMessage());
        }
        assertEquals(root.resolve("sub/b.txt"), SafeNames.under(root, "sub/b.txt", "key"));
    }

    @Test
    void aKeyClimbsWhenASegmentIsDotOrDotDot() {
        for (String key : List.of("../x", "a/../b", "./a", "a/.", "a\\b")) {
            assertTrue(SafeNames.climbs(key), key);
        }
        for (String key : List.of("datasets/abc/", "a/b..c/d", "a.b")) {
            assertTrue(!SafeNames.climbs(key), key);
        }
    }
}
