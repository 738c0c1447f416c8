package org.selfreg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.augment.Slice;
import org.selfreg.model.testing.SyntheticSlices;

/** Slices come from disk in the epoch's order, epoch after epoch, and a bad file fails the step that needs it. */
class SliceReadAheadTest {

    private static final int SIZE = 16;

    @TempDir
    Path dir;

    @Test
    void givesTheSlicesOfEachEpochInItsOrder() {
        List<String> names = SyntheticSlices.write(dir, 7, SIZE, 3);
        TrainingSet set = TrainingSet.open(dir, names, 3, 1);
        try (SliceReadAhead readAhead = new SliceReadAhead(set, 2)) {
            for (List<Integer> order : List.of(List.of(6, 0, 3, 1, 5, 2, 4), List.of(2, 2, 0))) {
                readAhead.start(order);
                for (int index : order) {
                    Slice expected = set.read(index);
                    Slice actual = readAhead.next();
                    assertArrayEquals(expected.image(), actual.image(), "slice " + index);
                    assertArrayEquals(expected.label(), actual.label(), "slice " + index);
                }
                assertThrows(IllegalStateException.class, readAhead::next, "the epoch has no more slices");
            }
        }
    }

    @Test
    void aSliceThatCannotBeReadFailsWhenItIsTakenNamingItsFile() throws IOException {
        List<String> names = SyntheticSlices.write(dir, 3, SIZE, 4);
        Path broken = dir.resolve("train_npz").resolve(names.get(1) + ".npz");
        Files.write(broken, new byte[] {1, 2, 3});
        try (SliceReadAhead readAhead = new SliceReadAhead(TrainingSet.open(dir, names, 3, 1), 8)) {
            readAhead.start(List.of(0, 1, 2));
            readAhead.next();
            InvalidInputException e = assertThrows(InvalidInputException.class, readAhead::next);
            assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        }
    }

    @Test
    void labelsTheNetworkHasNoClassForFailNamingTheFile() {
        List<String> names = SyntheticSlices.write(dir, 1, SIZE, 5); // classes 0..2
        try (SliceReadAhead readAhead = new SliceReadAhead(TrainingSet.open(dir, names, 2, 1), 1)) {
            readAhead.start(List.of(0));
            InvalidInputException e = assertThrows(InvalidInputException.class, readAhead::next);
            assertTrue(e.getMessage().contains("label 2") && e.getMessage().contains(names.getFirst()),
                    e.getMessage());
        }
    }
}
